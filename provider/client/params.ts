/** One way to turn structured call parameters into ECS's flat wire form.
 *
 *  - nested objects become dotted keys:   { SystemDisk: { Category: "x" } } → SystemDisk.Category=x
 *  - arrays become 1-based RepeatLists:    { Tag: [{ Key: "a" }] }            → Tag.1.Key=a
 *  - a JsonArray wrapper becomes a JSON string (InstanceIds=["i-1","i-2"])
 *  - undefined and null are dropped; booleans and numbers are stringified.
 */
export type ParamValue = string | number | boolean | undefined | null | JsonArray | ParamValue[] | { [key: string]: ParamValue };
export type Params = Record<string, ParamValue>;

/** Marks a list that ECS expects as one JSON-array string rather than a RepeatList. */
export class JsonArray {
  constructor(readonly items: readonly (string | number)[]) {}
}
export const jsonArray = (items: readonly (string | number)[]): JsonArray => new JsonArray(items);

export function flattenParams(params: Params): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (prefix: string, value: ParamValue): void => {
    if (value === undefined || value === null) return;
    if (value instanceof JsonArray) {
      out[prefix] = JSON.stringify(value.items);
    } else if (Array.isArray(value)) {
      value.forEach((item, i) => walk(`${prefix}.${i + 1}`, item));
    } else if (typeof value === "object") {
      for (const [k, v] of Object.entries(value)) walk(prefix ? `${prefix}.${k}` : k, v);
    } else {
      out[prefix] = String(value);
    }
  };
  walk("", params);
  return out;
}
