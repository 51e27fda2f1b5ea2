/** What every resource shares. A resource <Kind> is:
 *
 *  1. provider/resources/<kind>/spec.ts: its spec, every property fact once (see provider/spec):
 *     type, docs, default, rules, how a change applies (`replaces`, `call(action, param)`,
 *     `via(updater)`, tags, provider setting), computed, secret, equivalence, wire names for the
 *     create call and the Describe record. Add it to provider/resources/specs.ts and run
 *     `make generate`: schema.json, provider/types/<kind>.ts, sdk/resources.ts and
 *     docs/resources/<Kind>.md follow.
 *  2. provider/resources/<kind>/index.ts: `<kind>Provider = defineResource(spec, { … })` with only
 *     what is the resource's own: create (with createOnce), describe (its record), delete,
 *     the updaters its spec names (a missing one is a compile error), cross-property checks, and
 *     the poll kind of its statuses if it waits on any.
 *  3. provider/index.ts: one line in the registry.
 *  4. test/provider/<kind>.test.ts against the emulator, and an end-to-end test through the CLI. */
export {
  defineResource, dropUndefined, labelOf, known, containsUnknown, remainingMs, splitImportId, structSafe,
  type OpContext, type ResourceImpl, type Update, type Updater, type BaseInputs,
} from "./define";
export { initErrorFor, ResourceInitError } from "./initError";
export { CREATING, createOnce, createToken, createdByInterruptedRun, HIDDEN_INPUTS, markCreated, ownerOf, withCreatingOwnerTag, listTagged, type HiddenInputs } from "./identity";
export { answerBool, answerString, isNotFound, tagsToParams, tagsFromResponse, tagChanges, applyTags, type Tags } from "./ecs";
export { deleteWhileInUse, StillInUseError } from "./deleteWhileInUse";
export { Checker } from "../../spec/check";
