/**
 * Persistence with `--data FILE`: the state lives in FILE (written whole and
 * atomically by lowdb's JSONFile adapter: a temporary file renamed over it),
 * and every committed write is first appended to FILE.journal before the API
 * answers, so an acknowledged write survives `kill -9`. On start the snapshot
 * is read, the journal replayed, and the two compacted into a new snapshot.
 */
import { appendFile, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import { DATA_FORMAT, emptyRoot, Store, type RootData, type Write } from './store.js';

export class DataFileError extends Error {}

/** Compact the journal into the snapshot after this many journaled writes. */
const COMPACT_EVERY = 5_000;

export class Persistence {
  private pending: string[] = [];
  private flushing: Promise<void> = Promise.resolve();
  private journaled = 0;
  private scheduled = false;
  private closed = false;

  private constructor(
    readonly file: string,
    private readonly db: Low<RootData>,
  ) {}

  get journalFile(): string {
    return `${this.file}.journal`;
  }

  /** Opens FILE (creating it when absent) and returns a store over its data. */
  static async open(file: string): Promise<{ store: Store; persistence: Persistence }> {
    const db = new Low<RootData>(new JSONFile<RootData>(file), emptyRoot());
    if (existsSync(file)) {
      try {
        await db.read();
      } catch (error) {
        throw new DataFileError(`Cannot start: the data file ${file} is not valid JSON (${(error as Error).message}). Move it away or pass another --data file.`);
      }
      validateRoot(db.data, file);
    } else {
      db.data = emptyRoot();
    }
    const persistence = new Persistence(file, db);
    await persistence.replayJournal();
    const store = new Store(db);
    store.onCommit((writes) => persistence.record(writes));
    await persistence.compact();
    return { store, persistence };
  }

  /** Resolves once every write committed so far is on disk. */
  flush(): Promise<void> {
    // file operations are serialized on one promise chain
    this.flushing = this.flushing.then(() => this.flushNow());
    return this.flushing;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.needsSnapshot = true;
    await this.flush();
    this.closed = true;
  }

  private needsSnapshot = false;

  private async flushNow(): Promise<void> {
    if (this.needsSnapshot || this.journaled >= COMPACT_EVERY) {
      // the snapshot holds everything in memory, pending writes included
      this.pending = [];
      this.needsSnapshot = false;
      await this.db.write();
      await writeFile(this.journalFile, '');
      this.journaled = 0;
      return;
    }
    if (this.pending.length === 0) return;
    const lines = this.pending.join('');
    this.journaled += this.pending.length;
    this.pending = [];
    await appendFile(this.journalFile, lines);
  }

  private record(writes: Write[]): void {
    if (this.closed) return;
    if (writes.length === 0) this.needsSnapshot = true; // a wholesale change (reset, snapshot restore)
    for (const w of writes) this.pending.push(JSON.stringify([w.account, w.collection, w.id, w.value]) + '\n');
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => {
        this.scheduled = false;
        void this.flush();
      });
    }
  }

  private async compact(): Promise<void> {
    this.needsSnapshot = true;
    await this.flush();
  }

  private async replayJournal(): Promise<void> {
    let text: string;
    try {
      text = await readFile(this.journalFile, 'utf8');
    } catch {
      return;
    }
    const lines = text.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i];
      if (line.trim() === '') continue;
      let entry: unknown;
      try {
        entry = JSON.parse(line);
      } catch {
        if (i === lines.length - 1 || lines.slice(i + 1).every((l) => l.trim() === '')) break; // a torn last line: the write was never acknowledged
        throw new DataFileError(`Cannot start: the journal ${this.journalFile} is corrupt at line ${i + 1}.`);
      }
      const [account, collection, id, value] = entry as [string, string, string, Record<string, unknown> | null];
      const acct = (this.db.data.accounts[account] ??= {});
      const coll = (acct[collection] ??= {});
      if (value === null) delete coll[id];
      else coll[id] = value as never;
    }
    await rm(this.journalFile, { force: true });
  }
}

function validateRoot(data: unknown, file: string): asserts data is RootData {
  const d = data as Partial<RootData> | null;
  if (!d || typeof d !== 'object' || d.format !== DATA_FORMAT || typeof d.accounts !== 'object' || d.accounts === null) {
    throw new DataFileError(
      `Cannot start: ${file} is not a data file of this emulator (expected {"format": "${DATA_FORMAT}", ...}). Refusing to overwrite it; pass another --data file.`,
    );
  }
}
