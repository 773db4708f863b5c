/**
 * The whole state as JSON text, written out piece by piece (the --data
 * snapshots, GET /_emulator/snapshot). `JSON.stringify(root)` in one go held
 * the server for as long as it took to serialize everything, built a
 * dictionary object of every collection on the way (ObjectMap.toJSON) and
 * then a copy of the whole text as bytes. Here the state is first cut, at
 * once: the structure as text around references to the stored objects.
 * Stored objects never change (a write stores a new object), so the cut
 * holds the state as of that moment however long its serializing takes; it
 * is serialized a chunk at a time, between which the server goes on. The
 * text is the JSON of the same data as JSON.stringify(root) (each
 * collection's objects in the Map's order).
 */
import type { RootData } from './store.js';

/**
 * A cut: each collection's ids and objects (by reference), with the text that comes before it, and the text after
 * the last one. Cutting copies references only: it is the part that holds the server up.
 */
export interface StateCut {
  collections: Array<{ before: string; ids: string[]; objects: object[] }>;
  after: string;
}

/** Cuts `root` now. */
export function cutState(root: RootData): StateCut {
  const collections: StateCut['collections'] = [];
  let text = '{';
  let first = true;
  for (const key of Object.keys(root) as Array<keyof RootData>) {
    const value = root[key];
    if (value === undefined) continue;
    text += `${first ? '' : ','}${JSON.stringify(key)}:`;
    first = false;
    if (key !== 'accounts') {
      text += JSON.stringify(value);
      continue;
    }
    text += '{';
    let firstAccount = true;
    for (const [account, data] of Object.entries(root.accounts)) {
      text += `${firstAccount ? '' : ','}${JSON.stringify(account)}:{`;
      firstAccount = false;
      let firstCollection = true;
      for (const [name, objects] of Object.entries(data)) {
        const cut = { before: `${text}${firstCollection ? '' : ','}${JSON.stringify(name)}:{`, ids: [] as string[], objects: [] as object[] };
        firstCollection = false;
        for (const [id, obj] of objects instanceof Map ? objects : Object.entries(objects)) {
          cut.ids.push(id);
          cut.objects.push(obj);
        }
        collections.push(cut);
        text = '}';
      }
      text += '}';
    }
    text += '}';
  }
  return { collections, after: `${text}}` };
}

/** The cut's text in chunks of about `size` characters (objects serialized as they come). */
export function* stateChunks(cut: StateCut, size = 1 << 20): Generator<string> {
  let parts: string[] = [];
  let length = 0;
  const add = (text: string) => {
    parts.push(text);
    length += text.length;
  };
  for (const { before, ids, objects } of cut.collections) {
    add(before);
    for (let i = 0; i < ids.length; i++) {
      add(`${i === 0 ? '' : ','}${JSON.stringify(ids[i])}:${JSON.stringify(objects[i])}`);
      if (length >= size) {
        yield parts.join('');
        parts = [];
        length = 0;
      }
    }
  }
  add(cut.after);
  yield parts.join('');
}
