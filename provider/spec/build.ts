/** Builders for resource specs: types (`t`), changes (`replaces`, `call`, `via` …), properties
 *  (`prop`, `field`, `out`) and the pieces every resource shares (region, tags, timeouts). */
import { withoutOwnerTag } from "./ownership";
import { ownedTags } from "./rules";
import { durationProblem } from "./timeouts";
import type { Change, ConfigSpec, FieldSpec, FunctionSpec, Inputs, OutputSpec, Outputs, Precondition, PropSpec, ResourceSpec, Rule, TypeSpec } from "./types";

export const t = {
  string: { kind: "string" } as TypeSpec,
  integer: { kind: "integer" } as TypeSpec,
  number: { kind: "number" } as TypeSpec,
  boolean: { kind: "boolean" } as TypeSpec,
  /** A map of strings (tags). */
  map: { kind: "map" } as TypeSpec,
  list: (items: TypeSpec, opts: { unordered?: boolean } = {}): TypeSpec => ({ kind: "list", items, ...(opts.unordered ? { unordered: true } : {}) }),
  /** A named string enumeration (the generated TypeScript is a union of its values). */
  enum: (name: string, doc: string, values: readonly string[]): TypeSpec => ({ kind: "enum", name, doc, values }),
  /** A named object type (alicloud-ecs:index:<name> in the schema). */
  object: (name: string, doc: string, fields: Record<string, FieldSpec>): TypeSpec => ({ kind: "object", name, doc, fields }),
};

export const replaces: Change<never> = { kind: "replace" };
export const providerSetting: Change<never> = { kind: "provider" };
/** Updated by `action` with the value as `param`; properties sharing an action share one call. */
export const call = (action: string, param: string, needs?: Precondition): Change<never> => ({ kind: "call", action, param, ...(needs ? { needs } : {}) });
/** Updated by the resource's own updater of that name. */
export const via = <const U extends string>(updater: U, needs?: Precondition): Change<U> => ({ kind: "updater", updater, ...(needs ? { needs } : {}) });

export const prop = <U extends string = never>(type: TypeSpec, spec: Omit<PropSpec<U>, "type">): PropSpec<U> => ({
  type,
  ...spec,
  ...(spec.autoName ? { doc: `${spec.doc} Omitted: \`<logical name>-<7 hex characters>\`, the same across updates and new for a replacement (provider/spec/autoName.ts).` } : {}),
});
export const field = (type: TypeSpec, spec: Omit<FieldSpec, "type">): FieldSpec => ({ type, ...spec });
export const out = (type: TypeSpec, doc: string, spec: Omit<OutputSpec, "type" | "doc"> = {}): OutputSpec => ({ type, doc, ...spec });

export const resource = <const I extends Inputs, const O extends Outputs>(spec: ResourceSpec<I, O>): ResourceSpec<I, O> => spec;

// ---------------------------------------------------------------------------------------------
// What every resource has

const REGION_ID = /^[a-z]{2,}(-[a-z0-9]+)+$/;
export const regionRule: Rule = (v) => (typeof v === "string" && REGION_ID.test(v) ? undefined : "is not a region id such as cn-hangzhou");

/** The member of every Describe record that holds the region the record was read from. */
export const REGION_FIELD = "__region";

/** `region`: where the resource lives; check fills it in from the provider's default region. */
export const regionProp = (noun: string): PropSpec<never> =>
  prop(t.string, {
    doc: `Region of the ${noun}; defaults to the \`alicloud-ecs:region\` config.`,
    outDoc: `Region of the ${noun}.`,
    change: replaces,
    rules: [regionRule],
    // Not in a Describe record: the provider adds the region it asked (define.ts).
    wire: { read: REGION_FIELD },
  });

/** `tags`: a map, applied with AddTags/RemoveTags (the spec's tagResourceType). The provider's
 *  ownership tag is one of ECS's 20 and is never among them. */
export const tagsProp = (doc = "Tags (at most 19: ECS allows 20, one is the provider's ownership tag)."): PropSpec<never> =>
  prop(t.map, { doc, outDoc: "Tags.", change: { kind: "tags" }, rules: [ownedTags], wire: { create: "Tag", read: "Tags", decode: (v) => withoutOwnerTag(v as Record<string, string>) } });

export const TIMEOUTS_TYPE = t.object(
  "Timeouts",
  'How long create, update and delete may wait for the resource to reach its status, as durations such as "90s", "10m" or "1h30m". Pulumi\'s customTimeouts do not reach dynamic providers, so they are inputs. Changing them never replaces the resource.',
  {
    create: field(t.string, { doc: "Deadline for create.", rules: [durationProblem] }),
    update: field(t.string, { doc: "Deadline for update.", rules: [durationProblem] }),
    delete: field(t.string, { doc: "Deadline for delete.", rules: [durationProblem] }),
  },
);

/** `timeouts`: the resource's deadlines (a provider setting: never sent, never replaces). */
export const timeoutsProp = (d: { create: string; update: string; delete: string }, note?: string): PropSpec<never> =>
  prop(TIMEOUTS_TYPE, {
    doc: `Deadlines; defaults: create ${d.create}, update ${d.update}, delete ${d.delete}${note ? ` (${note})` : ""}.`,
    outDoc: "Deadlines.",
    change: providerSetting,
    computed: true,
  });

// ---------------------------------------------------------------------------------------------
// Data functions and config

export const fn = (doc: string, args: Record<string, FieldSpec>, result: Record<string, FieldSpec>): FunctionSpec => ({ doc, args, result });
/** An argument of a data function (optional unless `required`). */
export const arg = (type: TypeSpec, doc: string, spec: Omit<FieldSpec, "type" | "doc"> = {}): FieldSpec => ({ type, doc, ...spec });
/** A member of a data function's result (or of a result object type): present unless `required: false`. */
export const res = (type: TypeSpec, doc: string, spec: Omit<FieldSpec, "type" | "doc"> = {}): FieldSpec => ({ type, doc, required: true, ...spec });
export const configKey = (type: TypeSpec, doc: string, secret = false): ConfigSpec => ({ type, doc, ...(secret ? { secret } : {}) });
