/**
 * `npm run generate`: writes the OpenAPI document of every route the emulator
 * serves to openapi/openapi.json (then openapi-typescript makes openapi/types.ts).
 *   node dist/src/openapi-write.js [FILE]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { createEmulator } from './emulator.js';
import { openapiText } from './openapi.js';

const file = process.argv[2] ?? 'openapi/openapi.json';
const emulator = await createEmulator({ quiet: true, logger: () => {} });
const text = openapiText(emulator.router, emulator.control);
await emulator.close();
mkdirSync(dirname(file), { recursive: true });
writeFileSync(file, text);
const operations = Object.values(JSON.parse(text).paths as Record<string, object>).reduce((n, ops) => n + Object.keys(ops).length, 0);
console.log(`wrote ${file}: ${operations} operations`);
