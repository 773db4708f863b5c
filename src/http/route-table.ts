/**
 * Finding the API route of a request. The app hands every `/v1/…` request to
 * one dispatcher, which looks its route up here: routes are bucketed by
 * method, resource name and number of path segments (POST, customers, 2), and
 * a bucket is tried in order with literal segments before parameters
 * (`/v1/customers/search` before `/v1/customers/{customer}`). A lookup
 * compares a handful of segments whatever the number of routes.
 */

/** What the table needs of a route: its method and OpenAPI-style path (`/v1/customers/{customer}`). */
export interface TableRoute {
  method: string;
  path: string;
}

export interface RouteMatch<R extends TableRoute> {
  route: R;
  /** Path parameters, percent-decoded. */
  params: Record<string, string>;
}

/** A path segment: a literal, or `{ param }` for `{name}`. */
type Segment = string | { param: string };

interface Compiled<R> {
  route: R;
  segments: Segment[];
}

function compile(path: string): Segment[] {
  return path
    .split('/')
    .slice(1)
    .map((s) => (s.startsWith('{') && s.endsWith('}') ? { param: s.slice(1, -1) } : s));
}

/** Literal segments sort before parameters, position by position. */
function compareSegments(a: Segment[], b: Segment[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const aParam = typeof a[i] !== 'string';
    const bParam = typeof b[i] !== 'string';
    if (aParam !== bParam) return aParam ? 1 : -1;
  }
  return 0;
}

function decodeSegment(segment: string): string {
  if (!segment.includes('%')) return segment;
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

const NO_PARAMS: Record<string, string> = Object.freeze({});

export class RouteTable<R extends TableRoute> {
  /** method → resource → number of segments → routes, literals first. */
  private readonly buckets = new Map<string, Map<string, Array<Array<Compiled<R>> | undefined>>>();
  /** method → path → match, for routes without parameters (`/v1/customers`): one lookup. */
  private readonly literals = new Map<string, Map<string, RouteMatch<R>>>();

  constructor(routes: readonly R[]) {
    for (const route of routes) {
      const segments = compile(route.path);
      if (segments.every((s) => typeof s === 'string')) {
        let byPath = this.literals.get(route.method);
        if (!byPath) this.literals.set(route.method, (byPath = new Map()));
        byPath.set(route.path, { route, params: NO_PARAMS });
      }
      const resource = typeof segments[1] === 'string' ? segments[1] : '';
      let byResource = this.buckets.get(route.method);
      if (!byResource) this.buckets.set(route.method, (byResource = new Map()));
      let byLength = byResource.get(resource);
      if (!byLength) byResource.set(resource, (byLength = []));
      (byLength[segments.length] ??= []).push({ route, segments });
    }
    for (const byResource of this.buckets.values()) {
      for (const byLength of byResource.values()) for (const bucket of byLength) bucket?.sort((a, b) => compareSegments(a.segments, b.segments));
    }
  }

  /** The route for `method` and `path` (e.g. `/v1/customers/cus_123`), or null. */
  match(method: string, path: string): RouteMatch<R> | null {
    const literal = this.literals.get(method)?.get(path);
    if (literal) return literal;
    const parts = path.split('/');
    // parts[0] is '' (the leading slash); parts[2] names the resource
    const bucket = this.buckets.get(method)?.get(parts[2] ?? '')?.[parts.length - 1];
    if (!bucket) return null;
    for (const { route, segments } of bucket) {
      let params: Record<string, string> | null = {};
      for (let i = 0; i < segments.length; i++) {
        const want = segments[i];
        const got = parts[i + 1];
        if (typeof want === 'string') {
          if (want !== got) {
            params = null;
            break;
          }
        } else if (got === '') {
          params = null; // a parameter is never empty (`/v1/customers/` is not `/v1/customers/{customer}`)
          break;
        } else {
          params[want.param] = decodeSegment(got);
        }
      }
      if (params) return { route, params };
    }
    return null;
  }
}
