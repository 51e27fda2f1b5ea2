/** Parameter rules several actions share: names and descriptions (each action names its own error code). */
import { P, type Param } from "./spec";

/** The reference's name rule for instances, disks, groups, sets…: 2–128 characters, a letter or Chinese
 *  character first, then letters, digits, ':', '_', '.', ',' and '-'; never http:// or https://. */
export const NAME_PATTERN = /^(?!https?:\/\/)[A-Za-z\u4e00-\u9fa5][A-Za-z0-9\u4e00-\u9fa5:_.,\-]{1,127}$/;

const noHttp = (v: string): string | undefined => (/^https?:\/\//.test(v) ? "it must not start with http:// or https://" : undefined);

/** A resource name; `code` is the action's error for a malformed one (default InvalidParameter). */
export const nameParam = (code?: string, doc = "2-128 characters, a letter first"): Param =>
  P.string({ pattern: NAME_PATTERN, ...(code ? { invalid: { code } } : {}), doc });

/** An instance or disk description: at most 256 characters, not starting with http(s)://. */
export const descriptionParam = (code: string): Param => P.string({ maxLength: 256, check: noHttp, invalid: { code }, doc: "at most 256 characters" });

/** A security group, key pair, launch template or deployment set description: 2–256 characters. */
export const shortDescriptionParam = (code: string): Param =>
  P.string({ minLength: 2, maxLength: 256, check: noHttp, invalid: { code }, doc: "2-256 characters" });
