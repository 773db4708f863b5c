/**
 * Persistence with `--data FILE`: a snapshot plus a journal.
 *
 *  - FILE is a snapshot of the whole state, always replaced atomically (written
 *    to a temporary file, fsynced, renamed over FILE), so it is never torn.
 *  - Every committed write is appended to FILE.journal as one JSON line
 *    `[seq, account, collection, id, object|null]` before the API answers, so
 *    an acknowledged write survives `kill -9`. Lines are written in batches:
 *    the writes committed during one turn of the event loop go out in one
 *    synchronous append to the page cache right after it (group commit; a
 *    thread-pool round trip instead would leave the server idle between
 *    requests).
 *  - The snapshot records the last journal seq it contains (`journal_seq`);
 *    replay skips lines it already holds, so a crash at any point of a
 *    snapshot never replays stale writes.
 *  - A snapshot never holds up requests: when it starts, the state is cut
 *    (see state-json.ts: references to the stored objects, which never
 *    change) and then serialized and written a chunk at a time while the
 *    server goes on; the journal is renamed to FILE.journal.prev and appends
 *    go on in a fresh FILE.journal; once the snapshot is on disk,
 *    FILE.journal.prev is deleted. Only a wholesale change (reset, snapshot
 *    restore), which has no journal line, waits for its snapshot before it
 *    is acknowledged.
 *  - The emulator clock's offset (`clock_offset_seconds`) is kept in the
 *    snapshot: moving the clock is rare, so a flush that finds it moved
 *    writes a snapshot, as for a wholesale change.
 *  - On start: read the snapshot, replay FILE.journal.prev then FILE.journal
 *    (a torn last line is a write that was never acknowledged and is dropped),
 *    write a new snapshot. The journal is folded into a new snapshot when it
 *    outgrows the snapshot FOLD_RATIO times over.
 *  - A file that is not valid JSON, not this emulator's format, or a journal
 *    corrupt before its last line fails start-up with a DataFileError: the
 *    emulator never starts empty over someone's data.
 */
import { appendFileSync, closeSync, existsSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { open, readFile, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Low, type Adapter } from 'lowdb';
import type { Clock } from '../clock.js';
import { endOfTurn } from '../turn.js';
import { cutState, stateChunks } from './state-json.js';
import { DATA_FORMAT, DATA_FORMAT_VERSION, emptyRoot, ObjectMap, Store, type RootData, type Write } from './store.js';

export class DataFileError extends Error {
  override name = 'DataFileError';
}

/** Fold the journal into a snapshot once it is FOLD_RATIO times larger than the snapshot (and at least this big). */
const MIN_JOURNAL_BYTES = 8 * 1024 * 1024;

/**
 * A fold serializes the whole state, and a growing state is folded again and again: at a ratio r, each journaled
 * byte costs about (r + 1) / r bytes of snapshot later. 4 keeps that at 1.25 (at 1 it was 2, a tenth of a create's
 * time with --data), for a journal at most four times the state on disk, replayed on start.
 */
const FOLD_RATIO = 4;

/**
 * Writes a file atomically: temporary file, fsync, rename, fsync of the directory. Its text comes in chunks, each
 * written as it comes. Returns the text's length (characters).
 */
export async function writeFileAtomic(file: string, chunks: Iterable<string>): Promise<number> {
  const tmp = `${file}.tmp-${process.pid}`;
  const handle = await open(tmp, 'w');
  let length = 0;
  try {
    for (const chunk of chunks) {
      await handle.writeFile(chunk, 'utf8'); // (from the current position: after the chunks before it)
      length += chunk.length;
    }
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(tmp, file);
  try {
    const dir = await open(dirname(file), 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  } catch {
    // some platforms cannot fsync a directory; the rename itself is atomic
  }
  return length;
}

/** lowdb adapter for the snapshot file. */
class SnapshotFile implements Adapter<RootData> {
  constructor(private readonly file: string) {}

  async read(): Promise<RootData | null> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new DataFileError(`Cannot start: cannot read the data file ${this.file} (${(error as Error).message}).`);
    }
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (error) {
      throw new DataFileError(
        `Cannot start: the data file ${this.file} is not valid JSON (${(error as Error).message}). Refusing to overwrite it: move it away or pass another --data file.`,
      );
    }
    validateRoot(data, this.file);
    return data;
  }

  async write(data: RootData): Promise<void> {
    await writeFileAtomic(this.file, stateChunks(cutState(data)));
  }
}

export class Persistence {
  private pending: string[] = [];
  /** The snapshot in progress (one at a time), or a resolved promise. */
  private snapshotting: Promise<void> = Promise.resolve();
  private snapshotRunning = false;
  private seq = 0;
  /** File descriptor of FILE.journal (opened for appending). */
  private journal: number | null = null;
  private journalBytes = 0;
  private snapshotBytes = 0;
  /** A wholesale change happened: the next flush writes a snapshot and waits for it. */
  private needsSnapshot = false;
  /** The batch of lines waiting for the end of this event-loop turn, or null. */
  private batch: Promise<void> | null = null;
  private closed = false;
  /** The emulator clock whose offset the snapshots keep (see keepClock). */
  private clock: Pick<Clock, 'offsetSeconds'> | null = null;

  private constructor(
    readonly file: string,
    private readonly db: Low<RootData>,
    private readonly log: (line: string) => void,
    private readonly minJournalBytes: number,
  ) {}

  get journalFile(): string {
    return `${this.file}.journal`;
  }

  /** The journal a snapshot in progress replaces (deleted once the snapshot is on disk). */
  get previousJournalFile(): string {
    return `${this.file}.journal.prev`;
  }

  /** Opens FILE (creating it when absent) and returns a store over its data. */
  static async open(
    file: string,
    opts: { log?: (line: string) => void; minJournalBytes?: number } = {},
  ): Promise<{ store: Store; persistence: Persistence }> {
    const db = new Low<RootData>(new SnapshotFile(file), emptyRoot());
    await db.read();
    const persistence = new Persistence(file, db, opts.log ?? ((line) => console.error(line)), opts.minJournalBytes ?? MIN_JOURNAL_BYTES);
    persistence.seq = db.data.journal_seq ?? 0;
    await persistence.replayJournal(persistence.previousJournalFile);
    await persistence.replayJournal(persistence.journalFile);
    try {
      persistence.journal = openSync(persistence.journalFile, 'a');
      await persistence.snapshot();
    } catch (error) {
      if (persistence.journal !== null) closeSync(persistence.journal);
      if (error instanceof DataFileError) throw error;
      throw new DataFileError(`Cannot start: cannot write the data file ${file} (${(error as Error).message}).`);
    }
    const store = new Store(db);
    store.onCommit((writes) => persistence.record(writes));
    return { store, persistence };
  }

  /** The emulator clock's offset the data file holds, in seconds (0 when it was never moved). */
  private get clockOffsetSeconds(): number {
    return this.db.data.clock_offset_seconds ?? 0;
  }

  /**
   * Keeps `clock`'s offset in the data file, so that the clock never moves backwards, not even across a restart: the
   * clock is moved to where the file left it, every snapshot holds its offset, and a flush that finds it moved
   * (however it was moved) writes a snapshot.
   */
  keepClock(clock: Pick<Clock, 'offsetSeconds' | 'advance'>): void {
    const behind = this.clockOffsetSeconds - clock.offsetSeconds();
    if (behind > 0) clock.advance(behind);
    this.clock = clock;
  }

  /**
   * Resolves once every write committed so far is on disk; rejects when writing failed.
   * Waits for the current batch of journal lines, or for the snapshot a wholesale change needs.
   */
  flush(): Promise<void> {
    if (this.closed) return Promise.resolve();
    if (this.clock !== null && this.clock.offsetSeconds() !== this.clockOffsetSeconds) this.needsSnapshot = true;
    if (this.needsSnapshot) {
      try {
        this.appendPending();
      } catch (error) {
        return Promise.reject(error);
      }
      return this.startSnapshot();
    }
    return this.batch ?? Promise.resolve();
  }

  /** Resolves when no snapshot is being written (its failure is logged, not thrown here). */
  async idle(): Promise<void> {
    while (this.snapshotRunning) await this.snapshotting.catch(() => {});
  }

  /** Writes a final snapshot and closes the journal. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.needsSnapshot = true;
    try {
      await this.idle();
      await this.flush();
    } finally {
      this.closed = true;
      if (this.journal !== null) closeSync(this.journal);
      this.journal = null;
    }
    await rm(this.journalFile, { force: true });
  }

  /** Starts a snapshot unless one is running (then a wholesale change waits for the next one, right after). */
  private startSnapshot(): Promise<void> {
    if (this.snapshotRunning) {
      const next = this.snapshotting.catch(() => {}).then(() => (this.needsSnapshot ? this.startSnapshot() : undefined));
      return next;
    }
    this.snapshotRunning = true;
    this.snapshotting = this.snapshot().finally(() => {
      this.snapshotRunning = false;
    });
    return this.snapshotting;
  }

  private appendPending(): void {
    if (this.closed || this.pending.length === 0) return;
    const bytes = Buffer.from(this.pending.join(''), 'utf8');
    this.pending = [];
    try {
      for (let at = 0; at < bytes.length; ) at += writeSync(this.journal!, bytes, at, bytes.length - at);
    } catch (error) {
      // the lines may be lost or torn: the next flush writes everything as a snapshot
      this.needsSnapshot = true;
      throw new Error(`cannot append to ${this.journalFile}: ${(error as Error).message}`);
    }
    this.journalBytes += bytes.length;
  }

  /**
   * Writes the whole state as of now and retires the journal lines it holds. The
   * synchronous part (cutting the state, rotating the journal) happens at once;
   * the cut is serialized and written a chunk at a time (see state-json.ts), and
   * later writes go to the fresh journal meanwhile.
   */
  private async snapshot(): Promise<void> {
    this.needsSnapshot = false;
    this.appendPending();
    this.db.data.journal_seq = this.seq;
    const offset = this.clock?.offsetSeconds() ?? 0;
    if (offset > 0) this.db.data.clock_offset_seconds = offset;
    const cut = cutState(this.db.data);
    let length: number;
    try {
      this.rotateJournal();
      length = await writeFileAtomic(this.file, stateChunks(cut));
    } catch (error) {
      this.needsSnapshot = true;
      throw error;
    }
    this.snapshotBytes = length;
    await rm(this.previousJournalFile, { force: true });
  }

  /** FILE.journal becomes FILE.journal.prev (appended to it when a failed snapshot left one) and a fresh journal starts. */
  private rotateJournal(): void {
    if (existsSync(this.previousJournalFile)) {
      appendFileSync(this.previousJournalFile, readFileSync(this.journalFile));
    } else {
      renameSync(this.journalFile, this.previousJournalFile);
    }
    const fresh = openSync(this.journalFile, 'w');
    closeSync(this.journal!);
    this.journal = fresh;
    this.journalBytes = 0;
  }

  private record(writes: Write[]): void {
    if (this.closed) return;
    if (writes.length === 0) this.needsSnapshot = true; // a wholesale change (reset, snapshot restore)
    for (const w of writes) this.pending.push(JSON.stringify([++this.seq, w.account, w.collection, w.id, w.value]) + '\n');
    if (this.batch === null) {
      const batch = endOfTurn().then(() => {
        this.batch = null;
        this.appendPending();
        if (this.needsSnapshot || this.journalBytes > Math.max(this.minJournalBytes, FOLD_RATIO * this.snapshotBytes)) {
          // folding the journal is housekeeping: nobody waits for it (a wholesale change's flush waits for its own)
          this.startSnapshot().catch((error) => this.log(`error: persisting to ${this.file} failed: ${(error as Error).message}`));
        }
      });
      batch.catch((error) => this.log(`error: persisting to ${this.file} failed: ${(error as Error).message}`));
      this.batch = batch;
    }
  }

  private async replayJournal(journalFile: string): Promise<void> {
    let text: string;
    try {
      text = await readFile(journalFile, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw new DataFileError(`Cannot start: cannot read the journal ${journalFile} (${(error as Error).message}).`);
    }
    const lines = text.split('\n');
    const lastNonEmpty = lines.findLastIndex((l) => l.trim() !== '');
    const after = this.seq;
    for (let i = 0; i <= lastNonEmpty; i++) {
      const line = lines[i];
      if (line.trim() === '') continue;
      const entry = parseJournalLine(line);
      if (entry === null) {
        if (i === lastNonEmpty && !text.endsWith('\n')) break; // a torn last line: that write was never acknowledged
        throw new DataFileError(
          `Cannot start: the journal ${journalFile} is corrupt at line ${i + 1}. Refusing to start without it: move ${this.file} and its journal away or pass another --data file.`,
        );
      }
      const [seq, account, collection, id, value] = entry;
      if (seq <= after) continue; // already in the snapshot
      const acct = (this.db.data.accounts[account] ??= {});
      const coll = ObjectMap.from(acct[collection] ?? {});
      acct[collection] = coll;
      if (value === null) coll.delete(id);
      else coll.set(id, value);
      this.seq = Math.max(this.seq, seq);
    }
  }
}

type JournalEntry = [number, string, string, string, { id: string; [k: string]: unknown } | null];

function parseJournalLine(line: string): JournalEntry | null {
  let entry: unknown;
  try {
    entry = JSON.parse(line);
  } catch {
    return null;
  }
  if (!Array.isArray(entry) || entry.length !== 5) return null;
  const [seq, account, collection, id, value] = entry;
  if (!Number.isSafeInteger(seq) || typeof account !== 'string' || typeof collection !== 'string' || typeof id !== 'string') return null;
  if (value !== null && (typeof value !== 'object' || Array.isArray(value) || value.id !== id)) return null;
  if (isForbiddenKey(account) || isForbiddenKey(collection) || isForbiddenKey(id)) return null;
  return entry as JournalEntry;
}

function isForbiddenKey(key: string): boolean {
  return key === '__proto__' || key === 'constructor' || key === 'prototype';
}

function foreign(file: string, why: string): DataFileError {
  return new DataFileError(
    `Cannot start: ${file} is not a data file of this emulator (${why}; expected {"format": "${DATA_FORMAT}", "version": ${DATA_FORMAT_VERSION}, "accounts": {...}}). Refusing to overwrite it: pass another --data file.`,
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function validateRoot(data: unknown, file: string): asserts data is RootData {
  if (!isRecord(data)) throw foreign(file, 'not a JSON object');
  if (data.format !== DATA_FORMAT) throw foreign(file, `"format" is ${JSON.stringify(data.format) ?? 'missing'}`);
  if (typeof data.version !== 'number' || data.version > DATA_FORMAT_VERSION || data.version < 1) {
    throw new DataFileError(
      `Cannot start: ${file} has data format version ${JSON.stringify(data.version)}; this emulator reads version ${DATA_FORMAT_VERSION}. Use a matching emulator version or another --data file.`,
    );
  }
  if (data.journal_seq !== undefined && !Number.isSafeInteger(data.journal_seq)) throw foreign(file, '"journal_seq" is not an integer');
  const offset = data.clock_offset_seconds;
  if (offset !== undefined && !(Number.isSafeInteger(offset) && (offset as number) >= 0)) {
    throw foreign(file, '"clock_offset_seconds" is not a whole number of seconds ≥ 0');
  }
  if (!isRecord(data.accounts)) throw foreign(file, '"accounts" is not an object');
  for (const [account, collections] of Object.entries(data.accounts)) {
    if (!isRecord(collections)) throw foreign(file, `account ${account} is not an object`);
    for (const [name, objects] of Object.entries(collections)) {
      if (!isRecord(objects)) throw foreign(file, `collection ${name} of account ${account} is not an object`);
      for (const [id, obj] of Object.entries(objects)) {
        if (!isRecord(obj) || obj.id !== id) throw foreign(file, `object ${id} in ${name} of account ${account} has no matching id`);
      }
    }
  }
}
