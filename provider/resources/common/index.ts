/** What every resource shares. THE PATTERN for a resource <Kind> (Instance and Disk follow it):
 *
 *  1. schema.json: add `alicloud-ecs:index:<Kind>` with every input (inputProperties) and output
 *     (properties), descriptions, `willReplaceOnChanges` on what cannot change in place (also on
 *     nested type properties), `secret`, `default`, and a `timeouts` input whose description
 *     states the defaults. Then `node --no-warnings scripts/gen-sdk-types.ts` regenerates
 *     sdk/types/<kind>.ts (<Kind>Args, <Kind>Inputs, <Kind>Outputs, <kind>Meta).
 *  2. provider/resources/<kind>/: index.ts exports `<kind>Provider = defineResource({...})`
 *     with only what is the resource's own:
 *       kind, timeouts defaults, hints ({ computed, unordered } for the diff),
 *       validate(c, news, olds)  check rules with the helpers in ./validate (no API call),
 *       diffProblem?()           preview-time refusals (e.g. a change needing stopForUpdate),
 *       create/read/update/delete: the ECS mapping. Use createIdempotently() + createToken()
 *       for the create's ClientToken, waitForStatus() from provider/wait for statuses,
 *       isNotFound() for idempotent deletes, and return `inputs` from read (import/refresh).
 *     If the resource waits on statuses, register its poll kind (registerPollKind) in a
 *     poll.ts next to it: one Describe for up to 100 ids → Map<id, status>.
 *  3. provider/index.ts: one line in the registry, `["<Kind>", <kind>Provider]`.
 *  4. sdk/<kind>.ts: a class extending pulumi.dynamic.Resource via sdk/resource.ts
 *     (copy sdk/disk.ts: constructor(name, args, opts) → super(shimProvider("<Kind>"), …)),
 *     and export it from sdk/index.ts.
 *  5. test/provider/<kind>.test.ts against startEmulator over HTTP: lifecycle, import,
 *     faults, check failures with no API call.
 *
 *  Replace and secret flags are never repeated in code: the diff reads them from schema.json. */
export { defineResource, dropUndefined, labelOf, known, remainingMs, splitImportId, structSafe, ResourceInitError, type OpContext, type ResourceDefinition, type BaseInputs } from "./define";
export { schemaDiff, normalize, sameValue, type DiffHints, type PropertyDiff } from "./diff";
export { createIdempotently, createToken, HIDDEN_INPUTS, type HiddenInputs } from "./identity";
export { packageSchema, resourceSchema, resourceToken, inputDefaults, secretInputs } from "./schema";
export { parseDuration, durationProblem, timeoutMs, type TimeoutDefaults, type TimeoutsInput, type Operation } from "./timeouts";
export { UNKNOWN, isUnknown, containsUnknown } from "./unknown";
export * from "./validate";
export { answerBool, answerString, isNotFound, tagsToParams, tagsFromResponse, tagChanges, applyTags, type Tags } from "./ecs";
export { deleteWhileInUse, StillInUseError } from "./deleteWhileInUse";
