/**
 * Numeric range filters (`created[gte]=…&created[lt]=…`): the bounds a list
 * query gives, and the test of a value against them. The collection serves a
 * range on an ordered field by binary search (see collection.ts), and checks
 * it value by value otherwise; the parameter parser (http/params.ts) builds one
 * from a request.
 */
export interface RangeFilter {
  gt?: number;
  gte?: number;
  lt?: number;
  lte?: number;
}

/** Whether `value` lies within every bound given (no filter: always). */
export function inRange(value: number, filter: RangeFilter | undefined): boolean {
  if (!filter) return true;
  if (filter.gt !== undefined && !(value > filter.gt)) return false;
  if (filter.gte !== undefined && !(value >= filter.gte)) return false;
  if (filter.lt !== undefined && !(value < filter.lt)) return false;
  if (filter.lte !== undefined && !(value <= filter.lte)) return false;
  return true;
}
