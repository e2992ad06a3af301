/** True for a plain `{…}` record: an object made by a literal, `JSON.parse` or a YAML loader (not an array, `Map`, class instance or null). */
export function isRecord(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}
