/**
 * An event as a client sees it: stored in the newest shape, rendered at one
 * version (the event's own `api_version` on the Events API, the endpoint's or
 * the account default in a webhook delivery). `data.object` is downgraded like
 * any response; `previous_attributes` loses the fields that version does not
 * know, so it never names a field the rendered object cannot have.
 */
import type { EventRecord } from '../context.js';
import { downgrade, fieldSnapshotFor, type DowngradeEnv } from '../versions/downgrade.js';
import { knownFields } from '../versions/fields.js';

export function renderEvent(event: EventRecord, version: string, env?: DowngradeEnv): Record<string, unknown> {
  const rendered = downgrade(event, version, env) as Record<string, unknown>;
  const out: Record<string, unknown> = { ...rendered, api_version: version };
  const data = rendered.data as { object?: { object?: unknown }; previous_attributes?: Record<string, unknown> } | undefined;
  const snapshot = fieldSnapshotFor(version);
  const objectName = typeof data?.object?.object === 'string' ? data.object.object : undefined;
  if (snapshot !== null && objectName !== undefined && data?.previous_attributes) {
    const fields = knownFields(snapshot, objectName);
    if (fields) {
      const previous: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(data.previous_attributes)) if (Object.hasOwn(fields, key)) previous[key] = value;
      out.data = { ...data, previous_attributes: previous };
    }
  }
  return out;
}
