/** Small field helpers shared by the security group, key pair, launch template and deployment set
 *  handlers: descriptions with action-specific error codes, second-precision times. */
import { ApiError } from "../errors";
import { DESCRIPTION_RULE, type ParamReader } from "../params";

/** ISO 8601 with seconds, as Describe* answers show CreationTime (e.g. 2024-01-30T08:00:12Z). */
export const isoSeconds = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

/** A description: 2–256 characters, not starting with http:// or https://; `code` is the action's error code. */
export function readDescriptionAs(p: ParamReader, name: string, code: string): string | undefined {
  const v = p.str(name);
  if (v === undefined) return undefined;
  if (v.length < 2 || v.length > 256 || /^https?:\/\//.test(v)) throw new ApiError(code, `The specified parameter "${name}" is not valid. ${DESCRIPTION_RULE}`, 400);
  return v;
}
