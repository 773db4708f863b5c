/** --data FILE: snapshot + journal. Restarts, crashes (the files as a kill -9 leaves them), torn lines, corrupt and foreign files. */
import { appendFileSync, copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createEmulator, systemClock } from '../../src/index.js';
import { DataFileError, Persistence } from '../../src/store/persistence.js';
import { createHarness, newKey, type Harness } from '../support/harness.js';

const dir = mkdtempSync(join(tmpdir(), 'emulator-persistence-'));
let n = 0;
const freshFile = () => join(dir, `data-${++n}.json`);
const open: Harness[] = [];

async function harness(file: string): Promise<Harness> {
  const h = await createHarness({ dataFile: file });
  open.push(h);
  return h;
}

/** What a kill -9 leaves behind: the files as they are now, copied before anything else is written. */
function crashCopy(file: string): string {
  const copy = freshFile();
  copyFileSync(file, copy);
  for (const journal of ['.journal', '.journal.prev']) if (existsSync(`${file}${journal}`)) copyFileSync(`${file}${journal}`, `${copy}${journal}`);
  return copy;
}

/** A response header of a stripe-node result, whatever the case of its name. */
function header(result: { lastResponse: { headers: unknown } }, name: string): string | undefined {
  const headers = result.lastResponse.headers as Headers | Record<string, string>;
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  return Object.entries(headers).find(([k]) => k.toLowerCase() === name)?.[1];
}

afterAll(async () => {
  for (const h of open) await h.close().catch(() => {});
});

describe('--data', () => {
  it('keeps everything across a clean restart', async () => {
    const file = freshFile();
    const key = newKey();
    const h1 = await harness(file);
    const s1 = h1.stripe({ key });
    const c = await s1.customers.create({ email: 'keep@example.com', metadata: { a: '1' } });
    await s1.customers.createBalanceTransaction(c.id, { amount: -250, currency: 'usd' });
    const deleted = await s1.customers.create({ name: 'gone' });
    await s1.customers.del(deleted.id);
    await h1.close();
    expect(existsSync(`${file}.journal`)).toBe(false);
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    expect(saved.format).toBe('stripe-invoicing-emulator');
    expect(saved.version).toBe(1);

    const h2 = await harness(file);
    const s2 = h2.stripe({ key });
    const again = await s2.customers.retrieve(c.id, { expand: ['invoice_credit_balance'] });
    expect(again).toMatchObject({ email: 'keep@example.com', balance: -250, invoice_credit_balance: { usd: 250 } });
    expect(await s2.customers.retrieve(deleted.id)).toEqual({ id: deleted.id, object: 'customer', deleted: true });
    expect((await s2.customers.list()).data.map((x) => x.id)).toEqual([c.id]);
    expect((await s2.customers.listBalanceTransactions(c.id)).data).toHaveLength(1);
    // new writes after the restart go after the old ones
    const later = await s2.customers.create({});
    expect((await s2.customers.list()).data.map((x) => x.id)).toEqual([later.id, c.id]);
  });

  it('keeps every acknowledged write when the process dies without closing', async () => {
    const file = freshFile();
    const key = newKey();
    const h1 = await harness(file);
    const s1 = h1.stripe({ key });
    const ids: string[] = [];
    for (let i = 0; i < 25; i++) ids.push((await s1.customers.create({ name: `n${i}` })).id);
    await s1.customers.update(ids[3], { name: 'renamed' });
    const crashed = crashCopy(file); // nothing else was written after the last answer

    const h2 = await harness(crashed);
    const s2 = h2.stripe({ key });
    expect((await s2.customers.list({ limit: 100 })).data.map((c) => c.id)).toEqual([...ids].reverse());
    expect((await s2.customers.retrieve(ids[3])) as { name: string }).toMatchObject({ name: 'renamed' });
    // start-up folded the journal into the snapshot
    expect(readFileSync(`${crashed}.journal`, 'utf8')).toBe('');
  });

  it('drops a torn last journal line (a write that was never acknowledged)', async () => {
    const file = freshFile();
    const key = newKey();
    const h1 = await harness(file);
    const c = await h1.stripe({ key }).customers.create({ name: 'whole' });
    const crashed = crashCopy(file);
    appendFileSync(`${crashed}.journal`, '[999,"sk_test_x","customer","cus_torn",{"id":"cus_to');
    const h2 = await harness(crashed);
    expect(await h2.stripe({ key }).customers.retrieve(c.id)).toMatchObject({ name: 'whole' });
    expect(h2.emulator.store.accountKeys()).not.toContain('sk_test_x');
  });

  it('never replays journal lines the snapshot already holds (crash between snapshot and journal truncation)', async () => {
    const file = freshFile();
    const key = newKey();
    const h1 = await harness(file);
    const s1 = h1.stripe({ key });
    const c = await s1.customers.create({ name: 'A' });
    await s1.customers.update(c.id, { name: 'B' });
    const oldJournal = readFileSync(`${file}.journal`, 'utf8');
    expect(oldJournal.split('\n').filter(Boolean).length).toBeGreaterThan(1);
    await s1.customers.update(c.id, { name: 'C' });
    await h1.close();
    // the snapshot (name C) was renamed into place, but the process died before emptying the journal
    writeFileSync(`${file}.journal`, oldJournal);
    const h2 = await harness(file);
    expect(await h2.stripe({ key }).customers.retrieve(c.id)).toMatchObject({ name: 'C' });
  });

  it('keeps idempotency keys: a retry after a restart or a crash is still a replay, until a reset or 24 hours', async () => {
    const file = freshFile();
    const key = newKey();
    const h1 = await harness(file);
    const first = await h1.stripe({ key }).customers.create({ name: 'once' }, { idempotencyKey: 'order-1' });
    // a key is any text, names that objects refuse as ids included
    const odd = await h1.stripe({ key }).customers.create({ name: 'odd' }, { idempotencyKey: 'constructor' });
    const crashed = crashCopy(file); // the key was journaled with the customer, before the answer
    await h1.close();
    for (const f of [crashed, file]) {
      const h = await harness(f);
      const s = h.stripe({ key });
      const again = await s.customers.create({ name: 'once' }, { idempotencyKey: 'order-1' });
      expect(header(again, 'idempotent-replayed')).toBe('true');
      expect(header(again, 'original-request')).toBe(first.lastResponse.requestId);
      expect(again.id).toBe(first.id);
      expect((await s.customers.list()).data).toHaveLength(2);
      expect(await s.customers.create({ name: 'other' }, { idempotencyKey: 'order-1' }).catch((e) => e)).toMatchObject({ type: 'StripeIdempotencyError' });
      expect((await s.customers.create({ name: 'odd' }, { idempotencyKey: 'constructor' })).id).toBe(odd.id);
      await h.close();
    }

    // a reset forgets the account's keys, on disk too
    const h2 = await harness(file);
    await h2.request('/_emulator/reset', { method: 'POST', key });
    const afterReset = crashCopy(file);
    const h3 = await harness(afterReset);
    const fresh = await h3.stripe({ key }).customers.create({ name: 'once' }, { idempotencyKey: 'order-1' });
    expect(header(fresh, 'idempotent-replayed')).toBeUndefined();
    expect(fresh.id).not.toBe(first.id);

    // an expired key leaves the data file as it leaves the cache
    h3.emulator.clock.advance(24 * 60 * 60);
    await h3.stripe({ key }).customers.create({ name: 'later' }, { idempotencyKey: 'order-2' });
    const keys = h3.emulator.store.account(key).collection('_idempotency_key');
    expect([...keys.values()].map((k) => k.key)).toEqual(['order-2']);
  });

  it('forgets kept idempotency keys when a snapshot that carries them is restored, with or without --data', async () => {
    const key = newKey();
    const h1 = await harness(freshFile());
    await h1.stripe({ key }).customers.create({ name: 'kept' }, { idempotencyKey: 'snap-1' });
    const snapshot = await (await h1.request('/_emulator/snapshot', { key })).text();
    expect(snapshot).toContain('_idempotency_key');
    for (const target of [await harness(freshFile()), await createHarness()]) {
      open.push(target);
      expect((await target.request('/_emulator/snapshot', { method: 'POST', key, body: snapshot, headers: { 'content-type': 'application/json' } })).status).toBe(200);
      const acct = target.emulator.store.account(key);
      expect(acct.has('_idempotency_key') ? acct.collection('_idempotency_key').size : 0).toBe(0);
      const again = await target.stripe({ key }).customers.create({ name: 'kept' }, { idempotencyKey: 'snap-1' });
      expect(header(again, 'idempotent-replayed')).toBeUndefined();
      expect((await target.stripe({ key }).customers.list()).data).toHaveLength(2);
    }
  });

  it('keeps the clock where /_emulator/advance left it: across a crash, a clean restart and a reset', async () => {
    const file = freshFile();
    const key = newKey();
    const month = 30 * 24 * 60 * 60;
    const h1 = await harness(file);
    const moved = await h1.request('/_emulator/advance', { method: 'POST', body: new URLSearchParams({ seconds: String(month) }) });
    expect(moved.status).toBe(200);
    const { time } = (await moved.json()) as { time: number };

    // answered only once the new time is on disk: a kill -9 right after keeps it
    const h2 = await harness(crashCopy(file));
    expect(h2.emulator.clock.offsetSeconds()).toBe(month);
    const later = await h2.stripe({ key }).customers.create({ name: 'after the restart' });
    expect(later.created).toBeGreaterThanOrEqual(time);

    // a move made in process (on the clock the emulator was given, too) is saved with the next write, and a clean
    // shutdown keeps it too
    h1.emulator.clock.advance(60);
    await h1.stripe({ key }).customers.create({ name: 'a write' });
    const h3 = await harness(crashCopy(file));
    expect(h3.emulator.clock.offsetSeconds()).toBe(month + 60);
    h1.emulator.clock.advance(60);
    await h1.close();
    const h4 = await harness(file);
    expect(h4.emulator.clock.offsetSeconds()).toBe(month + 120);

    // a reset forgets the accounts, not the time: the clock never moves backwards
    expect((await h4.request('/_emulator/reset', { method: 'POST', key: null })).status).toBe(200);
    await h4.close();
    expect((await harness(file)).emulator.clock.offsetSeconds()).toBe(month + 120);
  });

  it('keeps the moves of a clock the caller gave the emulator and moved itself', async () => {
    const file = freshFile();
    const clock = systemClock();
    const h1 = await createHarness({ dataFile: file, clock });
    open.push(h1);
    clock.advance(3600);
    await h1.stripe().customers.create({ name: 'a write after the move' });
    const h2 = await createHarness({ dataFile: crashCopy(file), clock: systemClock() });
    open.push(h2);
    expect(h2.emulator.clock.offsetSeconds()).toBe(3600);
  });

  it('persists a reset', async () => {
    const file = freshFile();
    const keep = newKey();
    const drop = newKey();
    const h1 = await harness(file);
    await h1.stripe({ key: keep }).customers.create({ name: 'keep' });
    await h1.stripe({ key: drop }).customers.create({ name: 'drop' });
    const r = await h1.request('/_emulator/reset', { method: 'POST', key: drop });
    expect(await r.json()).toEqual({ reset: 'account' });
    const crashed = crashCopy(file);
    const h2 = await harness(crashed);
    expect((await h2.stripe({ key: keep }).customers.list()).data).toHaveLength(1);
    expect((await h2.stripe({ key: drop }).customers.list()).data).toHaveLength(0);
  });

  it('folds the journal into the snapshot once it outgrows it', async () => {
    const file = freshFile();
    const { store, persistence } = await Persistence.open(file, { minJournalBytes: 2000 });
    const things = store.account('sk_test_fold').collection('thing');
    let maxJournal = 0;
    for (let i = 0; i < 400; i++) {
      things.put({ id: `t_${i}`, object: 'thing', payload: 'x'.repeat(100) });
      await persistence.flush();
      await persistence.idle(); // a fold started by this write (it runs in the background) is done
      maxJournal = Math.max(maxJournal, readFileSync(`${file}.journal`, 'utf8').length);
    }
    // bounded by four times the snapshot size (or the minimum), never the whole history
    const snapshotSize = readFileSync(file, 'utf8').length;
    expect(maxJournal).toBeLessThan(Math.max(2000, 4 * snapshotSize) + 500);
    expect(JSON.parse(readFileSync(file, 'utf8')).journal_seq).toBeGreaterThan(100);
    const crashed = crashCopy(file);
    await persistence.close();
    const reopened = await Persistence.open(crashed);
    expect(reopened.store.account('sk_test_fold').collection('thing').size).toBe(400);
    await reopened.persistence.close();
  });
});

describe('--data under load', () => {
  it('answers writes while a snapshot is being written, and keeps them whenever the process dies', async () => {
    const file = freshFile();
    const { store, persistence } = await Persistence.open(file);
    const things = store.account('sk_test_busy').collection('thing');
    things.put({ id: 't_first', object: 'thing' });
    await persistence.flush();
    store.reset('sk_test_elsewhere'); // a wholesale change: its flush writes a snapshot and waits for it
    let snapshotDone = false;
    const snapshotting = persistence.flush().then(() => {
      snapshotDone = true;
    });
    await new Promise((resolve) => setImmediate(resolve)); // the snapshot is on its way to disk (several file operations)
    things.put({ id: 't_0', object: 'thing', payload: 'y'.repeat(100) });
    await persistence.flush(); // acknowledged at once, not after the snapshot
    expect(snapshotDone).toBe(false);
    expect(existsSync(`${file}.journal.prev`)).toBe(true);
    const midSnapshot = crashCopy(file); // killed while the snapshot is being written
    for (let i = 1; i < 20; i++) {
      things.put({ id: `t_${i}`, object: 'thing', payload: 'y'.repeat(100) });
      await persistence.flush();
    }
    await snapshotting;
    expect(existsSync(`${file}.journal.prev`)).toBe(false);
    const afterSnapshot = crashCopy(file); // killed right after it
    await persistence.close();
    const expectedSize = new Map([[midSnapshot, 2], [afterSnapshot, 21]]);
    for (const crashed of [midSnapshot, afterSnapshot]) {
      const reopened = await Persistence.open(crashed);
      const restored = reopened.store.account('sk_test_busy').collection('thing');
      expect(restored.size).toBe(expectedSize.get(crashed));
      expect(restored.get('t_0')).toMatchObject({ payload: 'y'.repeat(100) });
      await reopened.persistence.close();
      expect(existsSync(`${crashed}.journal.prev`)).toBe(false);
    }
  });

  it('writes a snapshot of the state as it was when the snapshot started, a chunk at a time, while objects change', async () => {
    const file = freshFile();
    const { store, persistence } = await Persistence.open(file);
    const things = store.account('sk_test_cut').collection('thing');
    for (let i = 0; i < 3000; i++) things.put({ id: `t_${i}`, object: 'thing', v: 1, payload: 'p'.repeat(1000) }); // 3 MB: several chunks
    await persistence.flush();
    store.reset('sk_test_elsewhere'); // a wholesale change: its flush writes a snapshot
    let snapshotDone = false;
    const snapshotting = persistence.flush().then(() => {
      snapshotDone = true;
    });
    let writesDuring = 0;
    for (let i = 0; i < 3000; i += 100) {
      await new Promise((resolve) => setImmediate(resolve)); // the snapshot goes on between these writes
      if (!snapshotDone) writesDuring++;
      things.put({ id: `t_${i}`, object: 'thing', v: 2, payload: 'q' });
      things.remove(`t_${i + 1}`);
      await persistence.flush();
    }
    await snapshotting;
    expect(writesDuring).toBeGreaterThan(3);
    const written = JSON.parse(readFileSync(file, 'utf8'));
    const cut = written.accounts.sk_test_cut.thing;
    // the snapshot holds the state of its start, every object of it; the changes went to the journal
    expect(Object.keys(cut)).toHaveLength(3000);
    for (let i = 0; i < 3000; i += 100) expect([cut[`t_${i}`].v, cut[`t_${i + 1}`].v]).toEqual([1, 1]);
    const crashed = crashCopy(file);
    await persistence.close();
    const reopened = await Persistence.open(crashed);
    const restored = reopened.store.account('sk_test_cut').collection('thing');
    expect(restored.size).toBe(2970);
    expect(restored.get('t_0')).toMatchObject({ v: 2, payload: 'q' });
    expect(restored.get('t_2901')).toBeUndefined();
    expect(restored.get('t_2902')).toMatchObject({ v: 1 });
    await reopened.persistence.close();
  });

  it('folds the journal in the background: a write never waits for that snapshot', async () => {
    const file = freshFile();
    const { store, persistence } = await Persistence.open(file, { minJournalBytes: 1000 });
    const things = store.account('sk_test_fold_bg').collection('thing');
    let sawFold = false;
    for (let i = 0; i < 100; i++) {
      things.put({ id: `t_${i}`, object: 'thing', payload: 'z'.repeat(100) });
      await persistence.flush();
      if (existsSync(`${file}.journal.prev`)) sawFold = true; // a fold was in progress when this write was acknowledged
    }
    expect(sawFold).toBe(true);
    const crashed = crashCopy(file);
    await persistence.close();
    const reopened = await Persistence.open(crashed);
    expect(reopened.store.account('sk_test_fold_bg').collection('thing').size).toBe(100);
    await reopened.persistence.close();
  });
});

describe('--data refuses files it cannot trust', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['invalid JSON', '{"format": "stripe-invoicing-emulator", "accounts": {', /is not valid JSON/],
    ['an empty file', '', /is not valid JSON/],
    ['foreign JSON', '{"users": [{"name": "ada"}]}', /is not a data file of this emulator/],
    ['a JSON array', '[1, 2, 3]', /is not a data file of this emulator/],
    ['a newer format version', '{"format": "stripe-invoicing-emulator", "version": 99, "accounts": {}}', /data format version 99/],
    ['a negative clock offset', '{"format": "stripe-invoicing-emulator", "version": 1, "accounts": {}, "clock_offset_seconds": -60}', /"clock_offset_seconds" is not a whole number/],
    ['malformed accounts', '{"format": "stripe-invoicing-emulator", "version": 1, "accounts": {"sk_test_a": {"customer": {"cus_1": {"id": "cus_2"}}}}}', /not a data file of this emulator/],
  ];
  it.each(cases)('refuses %s, leaving it untouched', async (_name, content, message) => {
    const file = freshFile();
    writeFileSync(file, content);
    const err = await createEmulator({ dataFile: file, quiet: true, logger: () => {} }).catch((e) => e);
    expect(err).toBeInstanceOf(DataFileError);
    expect(err.message).toMatch(/^Cannot start: /);
    expect(err.message).toMatch(message);
    expect(err.message).toContain(file);
    expect(readFileSync(file, 'utf8')).toBe(content);
  });

  it('refuses a journal corrupt before its last line', async () => {
    const file = freshFile();
    const h1 = await harness(file);
    await h1.stripe().customers.create({});
    await h1.stripe().customers.create({});
    const crashed = crashCopy(file);
    const lines = readFileSync(`${crashed}.journal`, 'utf8').split('\n');
    lines[0] = '{not json';
    writeFileSync(`${crashed}.journal`, lines.join('\n'));
    const err = await Persistence.open(crashed).catch((e) => e);
    expect(err).toBeInstanceOf(DataFileError);
    expect(err.message).toMatch(/journal .* is corrupt at line 1/);
  });

  it('refuses a journal line of the wrong shape', async () => {
    const file = freshFile();
    writeFileSync(file, JSON.stringify({ format: 'stripe-invoicing-emulator', version: 1, accounts: {} }));
    writeFileSync(`${file}.journal`, '{"a": 1}\n[1, "sk_test_a", "customer", "cus_1", {"id": "cus_1"}]\n');
    const err = await Persistence.open(file).catch((e) => e);
    expect(err).toBeInstanceOf(DataFileError);
    expect(err.message).toMatch(/corrupt at line 1/);
  });

  it('explains a data file in a directory that does not exist', async () => {
    const err = await Persistence.open(join(dir, 'missing-dir', 'data.json')).catch((e) => e);
    expect(err).toBeInstanceOf(DataFileError);
    expect(err.message).toMatch(/Cannot start: cannot write the data file/);
  });
});
