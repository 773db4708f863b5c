/**
 * Finding the API route of a request. The app hands every `/v1/…` request to
 * one dispatcher, which looks its route up here: routes are bucketed by
 * method, number of path segments and resource name (`POST 2 customers`), and
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

function bucketKey(method: string, count: number, resource: string): string {
  return `${method} ${count} ${resource}`;
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

export class RouteTable<R extends TableRoute> {
  private readonly buckets = new Map<string, Array<Compiled<R>>>();

  constructor(routes: readonly R[]) {
    for (const route of routes) {
      const segments = compile(route.path);
      const resource = typeof segments[1] === 'string' ? segments[1] : '';
      const key = bucketKey(route.method, segments.length, resource);
      let bucket = this.buckets.get(key);
      if (!bucket) this.buckets.set(key, (bucket = []));
      bucket.push({ route, segments });
    }
    for (const bucket of this.buckets.values()) bucket.sort((a, b) => compareSegments(a.segments, b.segments));
  }

  /** The route for `method` and `path` (e.g. `/v1/customers/cus_123`), or null. */
  match(method: string, path: string): RouteMatch<R> | null {
    const parts = path.split('/');
    // parts[0] is '' (the leading slash); parts[2] names the resource
    const bucket = this.buckets.get(bucketKey(method, parts.length - 1, parts[2] ?? ''));
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
