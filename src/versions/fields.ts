/**
 * Per-API-version field sets of the Stripe resources the emulator serves, generated from the
 * stripe-node type extracts by `node src/versions/generate-fields.mjs` (output committed as
 * fields.generated.json). Used to strip fields a client's pinned version does not know.
 *
 * A FieldSet maps each top-level field to `true`, or, for plain sub-objects described by the
 * extract, to the set of that sub-object's field names. When the field's value is an array of
 * sub-objects (e.g. credit_note.refunds, invoice.total_taxes), the child set applies to each
 * element. Map-typed fields (`{[key: string]: T}`, e.g. price.currency_options) and
 * expandable / list / resource-typed fields are always `true`.
 */
import data from './fields.generated.json' with { type: 'json' };

export type ApiVersion = '2025-03-31.basil' | '2025-05-28.basil' | '2026-10-28.endive';

export type ChildFieldSet = { readonly [child: string]: true };
export type FieldSet = { readonly [field: string]: true | ChildFieldSet };

const fields = data as unknown as Readonly<Record<ApiVersion, Readonly<Record<string, FieldSet>>>>;

/** API versions covered by the generated data, oldest first. */
export const FIELD_VERSIONS = Object.keys(fields) as ApiVersion[];

/**
 * Fields of the resource whose `object` value is `objectName` (e.g. "invoice", "line_item",
 * "test_helpers.test_clock") in `version`, or undefined for unknown versions/objects.
 */
export function knownFields(version: ApiVersion, objectName: string): FieldSet | undefined {
  const byObject = Object.prototype.hasOwnProperty.call(fields, version) ? fields[version] : undefined;
  if (!byObject || !Object.prototype.hasOwnProperty.call(byObject, objectName)) return undefined;
  return byObject[objectName];
}
