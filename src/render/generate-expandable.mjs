#!/usr/bin/env node
// Generates src/render/expandable.generated.json from the stripe-node type extracts:
//   { "<stripe object value>": ["<expandable field path>", ...] }
// (the union over the extracts' versions; dotted paths for fields of sub-objects, e.g.
// "invoice_settings.default_payment_method"). expand.ts refuses `expand[]` of any other
// field of these objects unless it is includable or holds an object to walk into.
//
//   node src/render/generate-expandable.mjs
//   STRIPE_OPENAPI_DIR=/path/to/stripe-openapi node src/render/generate-expandable.mjs
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const VERSIONS = ['2025-03-31.basil', '2025-05-28.basil', '2026-10-28.endive'];
const sourceDir = process.env.STRIPE_OPENAPI_DIR
  ? pathToFileURL(process.env.STRIPE_OPENAPI_DIR.replace(/\/?$/, '/'))
  : new URL('../../../shared/stripe-openapi/', import.meta.url);
const outFile = new URL('./expandable.generated.json', import.meta.url);

const result = {};
for (const version of VERSIONS) {
  const extract = JSON.parse(readFileSync(new URL(`sdk-types-extract.${version}.json`, sourceDir), 'utf8'));
  for (const fields of Object.values(extract.objects)) {
    const objectName = fields.object?.enum?.[0];
    if (!objectName) continue;
    const set = (result[objectName] ??= new Set());
    for (const [path, field] of Object.entries(fields)) if (field.expandable) set.add(path);
  }
}
const out = Object.fromEntries(Object.keys(result).sort().map((k) => [k, [...result[k]].sort()]));
writeFileSync(outFile, `${JSON.stringify(out, null, 1)}\n`);
console.log(`wrote ${outFile.pathname}: ${Object.keys(out).length} objects`);
