/** Parameter rules several actions share, from the shared limits (provider/spec/limits.ts, the rules
 *  the provider's check applies too); each action names its own error code. */
import { descriptionProblem, nameProblem } from "../../provider/spec/limits";
import { P, type Param } from "./spec";

/** A resource name (limits NAME: 2-128 characters, a letter first); `code` is the action's error for a malformed one. */
export const nameParam = (code?: string): Param => P.string({ check: nameProblem, ...(code ? { invalid: { code } } : {}), doc: "2-128 characters: a letter, then letters, digits, '.', ':', '_' or '-'" });

/** A description (limits DESCRIPTION: 2-256 characters, not starting with http(s)://). */
export const descriptionParam = (code: string): Param => P.string({ check: descriptionProblem, invalid: { code }, doc: "2-256 characters" });
