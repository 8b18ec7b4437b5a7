/** The typed-array kinds of the contract. */
export type ArrayKind = 'Float32Array' | 'Float64Array' | 'Int32Array';

/**
 * The built-in class of a value by its internal tag, so that arrays from another realm (a `vm`
 * context, an iframe) count as what they are: `instanceof` only sees this realm's classes.
 */
export function arrayKind(value: unknown): string {
  return Object.prototype.toString.call(value).slice(8, -1);
}

export function isFloatArrayKind(value: unknown): boolean {
  const kind = arrayKind(value);
  return kind === 'Float32Array' || kind === 'Float64Array';
}

/** A readable type name for messages ('Array', 'Float32Array', 'undefined', 'string'). */
export function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'object') return (value as object).constructor?.name ?? arrayKind(value);
  return typeof value;
}
