#!/usr/bin/env node
// Generates src/versions/fields.generated.json from the stripe-node type extracts.
//
//   node src/versions/generate-fields.mjs            (run from anywhere; paths are relative to this file)
//   STRIPE_OPENAPI_DIR=/path/to/stripe-openapi node src/versions/generate-fields.mjs
//
// Input:  <repo>/../shared/stripe-openapi/sdk-types-extract.<version>.json (read-only reference data)
// Output: { "<version>": { "<stripe object value>": { "<field>": true | { "<child>": true } } } }
//
//   - one entry per resource type in the extract, keyed by its `object` value
//     (invoice, customer, line_item, test_helpers.test_clock, ...);
//   - every top-level field of the type (including includable ones such as invoice.payments
//     and `deleted`, which only appears on deleted objects);
//   - a field maps to { child: true, ... } when its type is a plain sub-object that the extract
//     describes (it has child paths, is not expandable, not an ApiList, not a map
//     `{[key: string]: T}`, and not a resource type of its own). For arrays of sub-objects
//     (e.g. credit_note.refunds, invoice.total_taxes) the child set applies to each element.
//     Everything else maps to `true`.
//
// The output is committed; re-run this script whenever the extracts change.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const VERSIONS = ['2025-03-31.basil', '2025-05-28.basil', '2026-10-28.endive'];

const here = new URL('./', import.meta.url);
const sourceDir = process.env.STRIPE_OPENAPI_DIR
  ? pathToFileURL(process.env.STRIPE_OPENAPI_DIR.replace(/\/?$/, '/'))
  : new URL('../../../shared/stripe-openapi/', import.meta.url);
const outFile = new URL('./fields.generated.json', here);

/** Strips `| null` and whitespace. */
function baseType(type) {
  return type
    .split('|')
    .map((s) => s.trim())
    .filter((s) => s !== 'null')
    .join(' | ');
}

function isPlainSubObjectType(field, resourceTypes) {
  if (field.expandable) return false;
  const t = baseType(field.type);
  if (t.startsWith('ApiList<')) return false;
  if (t.startsWith('{')) return false; // map: children describe the values, not the keys
  if (t.includes('|')) return false; // unions (e.g. string | Resource) are not plain sub-objects
  const inner = t.startsWith('Array<') && t.endsWith('>') ? t.slice(6, -1).trim() : t;
  if (resourceTypes.has(inner) || /^Deleted/.test(inner)) return false;
  return true;
}

export function fieldsForVersion(extract) {
  const objects = extract.objects;
  const resourceTypes = new Set(Object.keys(objects));
  const result = {};
  for (const typeName of Object.keys(objects).sort()) {
    const fields = objects[typeName];
    const objectEnum = fields.object && fields.object.enum;
    if (!objectEnum || objectEnum.length !== 1) {
      throw new Error(`${typeName}: cannot determine its \`object\` value`);
    }
    const objectName = objectEnum[0];
    const set = {};
    const paths = Object.keys(fields);
    for (const path of paths.filter((p) => !p.includes('.')).sort()) {
      const prefix = `${path}.`;
      const children = [
        ...new Set(paths.filter((p) => p.startsWith(prefix)).map((p) => p.slice(prefix.length).split('.')[0])),
      ].sort();
      if (children.length > 0 && isPlainSubObjectType(fields[path], resourceTypes)) {
        set[path] = Object.fromEntries(children.map((c) => [c, true]));
      } else {
        set[path] = true;
      }
    }
    result[objectName] = set;
  }
  return result;
}

/** Compact, diff-friendly JSON: one line per (version, object). */
export function formatFields(all) {
  const versionBlocks = Object.entries(all).map(([version, objects]) => {
    const lines = Object.entries(objects).map(
      ([name, set]) => `${JSON.stringify(name)}:${JSON.stringify(set)}`,
    );
    return `${JSON.stringify(version)}:{\n${lines.join(',\n')}\n}`;
  });
  return `{\n${versionBlocks.join(',\n')}\n}\n`;
}

export function generate() {
  const all = {};
  for (const version of VERSIONS) {
    const file = new URL(`sdk-types-extract.${version}.json`, sourceDir);
    const extract = JSON.parse(readFileSync(file, 'utf8'));
    all[version] = fieldsForVersion(extract);
  }
  return all;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const all = generate();
  writeFileSync(outFile, formatFields(all));
  const counts = Object.entries(all)
    .map(([v, objs]) => `${v}: ${Object.keys(objs).length} objects`)
    .join(', ');
  console.log(`wrote ${fileURLToPath(outFile)} (${counts})`);
}
