/** The shape of a resource spec: every fact about a property, written once. schema.json, the
 *  generated TypeScript types, check, diff, read (in the program's spelling), the create call's
 *  parameters and the dispatch of updates all derive from it (see ./index.ts). */

/** A check rule: the reason `value` is refused, or undefined. `at` gives the object holding the
 *  value (a nested object, or the inputs) and the whole inputs, for rules that depend on a
 *  sibling (a data disk's size range depends on its category). Rules only see known values. */
export type Rule = (value: unknown, at: RuleContext) => string | undefined;

export interface RuleContext {
  /** The object the value is a member of (the inputs for a top-level property). */
  readonly parent: Readonly<Record<string, unknown>>;
  readonly inputs: Readonly<Record<string, unknown>>;
}

/** How two spellings of a value compare: equal when their canonical forms are. `name` says it in
 *  words for the reference pages ("case-insensitive", "a bare address equals its /32"). */
export interface Equivalence {
  readonly name: string;
  canonical(value: unknown): unknown;
}

export type TypeSpec =
  | { readonly kind: "string" }
  | { readonly kind: "integer" }
  | { readonly kind: "number" }
  | { readonly kind: "boolean" }
  | { readonly kind: "map" } // of strings (tags)
  | { readonly kind: "enum"; readonly name: string; readonly doc: string; readonly values: readonly string[] }
  | { readonly kind: "list"; readonly items: TypeSpec; readonly unordered?: boolean }
  | { readonly kind: "object"; readonly name: string; readonly doc: string; readonly fields: Readonly<Record<string, FieldSpec>> };

/** Where a property meets the ECS API. */
export interface Wire {
  /** Its parameter in the resource's create call (RunInstances, CreateDisk …). */
  readonly create?: string;
  /** Where Describe reports it: a dotted path into the record the resource reads
   *  ("VpcAttributes.VSwitchId", "SecurityGroupIds.SecurityGroupId"), or a function. For an
   *  object type, the sub-record its fields are read from (an array of them for a list); a member
   *  of an object without one is read under its own name. A property without one is not
   *  readable: read keeps the state's value. */
  readonly read?: string | ((record: Readonly<Record<string, unknown>>) => unknown);
  /** The program's value as sent (UserData is Base64); default: as it is. */
  readonly encode?: (value: unknown) => unknown;
  /** The value as reported → the program's type (Base64 UserData back to text); after the generic
   *  conversion by type (numbers, booleans, list wrappers, tags). */
  readonly decode?: (value: unknown) => unknown;
}

/** What makes an update possible beyond the call itself. */
export type Precondition = "stopped";

/** How a change of the property reaches the cloud.
 *  - replace: the resource is replaced;
 *  - call: `action` with the property's value as `param` (plus the resource's id parameter);
 *    changed properties that share an action go in one call;
 *  - updater: the resource's updater named `updater` applies it (several properties may share one);
 *  - tags: TagResources/UntagResources with the spec's tagResourceType, only the difference;
 *  - provider: a setting of the provider itself (timeouts, stopForUpdate): nothing to send. */
export type Change<U extends string = string> =
  | { readonly kind: "replace" }
  | { readonly kind: "provider" }
  | { readonly kind: "tags" }
  | { readonly kind: "call"; readonly action: string; readonly param: string; readonly needs?: Precondition }
  | { readonly kind: "updater"; readonly updater: U; readonly needs?: Precondition };

/** A member of an object type (systemDisk.size, ingress[].portRange). */
export interface FieldSpec {
  readonly type: TypeSpec;
  readonly doc: string;
  /** Changing it replaces the resource (else the owning property's change applies it). */
  readonly replace?: boolean;
  readonly required?: boolean;
  /** Required unless this sibling is set (known or not): ImageId unless LaunchTemplateId, Size unless SnapshotId. */
  readonly requiredUnless?: string;
  /** The value ECS uses when it is omitted: filled in by check, and an omitted value equals it. */
  readonly default?: string | number | boolean;
  /** Omitted, the cloud chooses it: omission is never a change. */
  readonly computed?: boolean;
  /** A size that can only grow: a smaller new value fails check (replace the resource instead). */
  readonly growOnly?: boolean;
  readonly rules?: readonly Rule[];
  readonly equal?: Equivalence;
  readonly wire?: Wire;
}

/** An input property of a resource (most are also outputs). */
export interface PropSpec<U extends string = string> extends Omit<FieldSpec, "replace"> {
  readonly change: Change<U>;
  /** Output documentation when it differs from the input's. */
  readonly outDoc?: string;
  readonly secret?: boolean;
  /** ECS never reports it back (a password): read keeps the state's value. */
  readonly writeOnly?: boolean;
  /** Not an output of the resource (default: it is). */
  readonly inputOnly?: boolean;
  /** ECS always reports a value, so the output is always present (the schema's `required`). */
  readonly alwaysReported?: boolean;
  /** The output is what ECS reports, not the program's spelling of it (an instance's actual
   *  status, Starting, while the input says Running). */
  readonly outputIsReported?: boolean;
  /** A name the provider makes up when the program gives none: `<logical name>-<suffix>`
   *  (provider/spec/autoName.ts). */
  readonly autoName?: boolean;
  /** A catalogue the value must exist in, looked up at preview (zone, image, instance type …). */
  readonly lookup?: CatalogLookup;
}

export type CatalogLookup = "zone" | "image" | "instanceType" | "vswitch" | "vpc";

/** An output-only property (ids, statuses, addresses). */
export interface OutputSpec {
  readonly type: TypeSpec;
  readonly doc: string;
  /** Always present (default true). */
  readonly required?: boolean;
  readonly secret?: boolean;
  readonly wire?: Pick<Wire, "read" | "decode">;
}

export interface ListByTag {
  readonly action: string;
  readonly tagParam: "Tag" | "TemplateTag";
  readonly list: readonly [string, string];
  readonly idKey: string;
}

export type Inputs = Readonly<Record<string, PropSpec<string>>>;
export type Outputs = Readonly<Record<string, OutputSpec>>;

export interface TimeoutDefaults {
  readonly create: string;
  readonly update: string;
  readonly delete: string;
}

export interface ResourceSpec<I extends Inputs = Inputs, O extends Outputs = Outputs> {
  /** alicloud-ecs:index:<kind>, the sdk class and the URN type. */
  readonly kind: string;
  readonly doc: string;
  /** The ECS object in a few words, for messages and docs ("instance", "disk"). */
  readonly noun: string;
  /** The parameter naming the resource in its calls (InstanceId, DiskId …). */
  readonly idParam: string;
  /** What the id looks like, for the import documentation ("i-bp1abc…"). */
  readonly idExample: string;
  /** The ResourceType of tag calls on the resource itself (instance, disk, securitygroup …): its
   *  `tags` if it has them, and its ownership tag. A launch template's is the template's own (its
   *  `tags` input is what launched instances get). */
  readonly tagResourceType?: string;
  /** How to list the resources of this kind carrying a tag (the provider's ownership tag): the
   *  Describe action, the tag filter parameter, the answer's wrapper and item, the id field.
   *  Absent for a kind ECS cannot tag when it creates it. */
  readonly listByTag?: ListByTag;
  readonly timeouts: TimeoutDefaults;
  readonly inputs: I;
  readonly outputs: O;
}

/** The updater a change names, if it names one (distributes over the Change union). */
type UpdaterOf<C> = C extends { kind: "updater"; updater: infer U } ? U : never;

/** The custom updater names a spec's properties use: the resource must implement each one. */
export type UpdaterNames<I extends Inputs> = { [K in keyof I]: UpdaterOf<I[K]["change"]> }[keyof I] & string;

/** A data function (getRegions …): its arguments and its result, for the schema, the generated
 *  types and the argument checks. */
export interface FunctionSpec {
  readonly doc: string;
  readonly args: Readonly<Record<string, FieldSpec>>;
  readonly result: Readonly<Record<string, FieldSpec>>;
}

/** A stack config key of the provider (alicloud-ecs:<name>). */
export interface ConfigSpec {
  readonly type: TypeSpec;
  readonly doc: string;
  readonly secret?: boolean;
}
