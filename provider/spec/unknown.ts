/** During preview the engine sends inputs it does not know yet as this sentinel string
 *  (@pulumi/pulumi runtime/rpc unknownValue). It is never a real value: never validate it,
 *  and a property holding it (anywhere inside) always counts as changed. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export const isUnknown = (v: unknown): boolean => v === UNKNOWN;

/** True if the value is, or contains at any depth, the unknown sentinel. */
export function containsUnknown(v: unknown): boolean {
  if (v === UNKNOWN) return true;
  if (Array.isArray(v)) return v.some(containsUnknown);
  if (v !== null && typeof v === "object") return Object.values(v).some(containsUnknown);
  return false;
}

/** Known and present: not undefined, null or (anywhere inside) unknown. */
export const known = <T>(v: T | undefined | null): v is T => v !== undefined && v !== null && !containsUnknown(v);
