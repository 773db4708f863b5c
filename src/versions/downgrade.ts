/**
 * Rendering at an older API version. Objects are stored in the newest shape;
 * a response or event at an older version is produced by (1) removing fields
 * that version's SDK does not know (field lists generated from Stripe's types)
 * and (2) named downgrade steps for breaking changes, newest to oldest.
 * Nested objects with an `object` field (expanded resources, list items) are
 * downgraded too.
 */
import type { AccountStore } from '../store/store.js';
import { knownFields } from './fields.js';
import { atLeast } from './known.js';

type Json = Record<string, unknown>;

/**
 * What a step may read besides the object itself: the account's store (to fill
 * fields older versions show but the newest shape no longer holds). Absent when
 * the caller renders without an account; steps must then degrade gracefully.
 */
export interface DowngradeEnv {
  readonly account: AccountStore;
}

export interface DowngradeStep {
  /** Stripe `object` value this step applies to. */
  object: string;
  /** Applies to versions before this one. */
  before: string;
  /** Returns the downgraded object (may mutate `obj`, a private copy). */
  apply: (obj: Json, env?: DowngradeEnv) => Json;
  description: string;
  /**
   * Fields older than the generated field snapshot that this step manages: the
   * snapshot strip leaves them alone (e.g. a pre-basil `invoice.payment_intent`
   * that a request expanded).
   */
  keep?: readonly string[];
}

const steps: DowngradeStep[] = [];
/** The steps that apply to a version, newest first (computed once per version). */
const stepsByVersion = new Map<string, DowngradeStep[]>();

export function registerDowngrade(step: DowngradeStep): void {
  steps.push(step);
  steps.sort((a, b) => (a.before < b.before ? 1 : a.before > b.before ? -1 : 0));
  stepsByVersion.clear();
}

function stepsFor(version: string): DowngradeStep[] {
  let relevant = stepsByVersion.get(version);
  if (!relevant) stepsByVersion.set(version, (relevant = steps.filter((s) => !atLeast(version, s.before))));
  return relevant;
}

/** Which extract's field list governs a version (see README "Known differences"). */
export function fieldSnapshotFor(version: string): '2025-03-31.basil' | '2025-05-28.basil' | null {
  if (atLeast(version, '2025-09-30.clover')) return null;
  if (atLeast(version, '2025-05-28.basil')) return '2025-05-28.basil';
  return '2025-03-31.basil';
}

export function downgrade<T>(value: T, version: string, env?: DowngradeEnv): T {
  const snapshot = fieldSnapshotFor(version);
  const relevant = stepsFor(version);
  if (snapshot === null && relevant.length === 0) return value;
  return walk(value, snapshot, relevant, env) as T;
}

function walk(value: unknown, snapshot: ReturnType<typeof fieldSnapshotFor>, relevant: DowngradeStep[], env: DowngradeEnv | undefined): unknown {
  if (Array.isArray(value)) return value.map((v) => walk(v, snapshot, relevant, env));
  if (value === null || typeof value !== 'object') return value;
  let obj: Json = {};
  for (const [k, v] of Object.entries(value as Json)) obj[k] = walk(v, snapshot, relevant, env);
  const objectName = typeof obj.object === 'string' ? obj.object : undefined;
  if (!objectName) return obj;
  const applicable = relevant.filter((step) => step.object === objectName);
  if (snapshot !== null && obj.deleted !== true) {
    const fields = knownFields(snapshot, objectName);
    if (fields) {
      const kept = new Set(applicable.flatMap((step) => step.keep ?? []));
      for (const key of Object.keys(obj)) {
        const known = Object.hasOwn(fields, key) ? fields[key] : undefined;
        if (known === undefined && kept.has(key)) continue;
        if (known === undefined) delete obj[key];
        else if (typeof known === 'object') obj[key] = stripChildren(obj[key], known);
      }
    }
  }
  for (const step of applicable) obj = step.apply(obj, env);
  return obj;
}

/** Keeps only the known children of a plain sub-object, or of each element of an array of them. */
function stripChildren(value: unknown, known: Record<string, unknown>): unknown {
  if (Array.isArray(value)) return value.map((v) => stripChildren(v, known));
  if (value === null || typeof value !== 'object') return value;
  const child = { ...(value as Json) };
  for (const ck of Object.keys(child)) if (!Object.hasOwn(known, ck)) delete child[ck];
  return child;
}
