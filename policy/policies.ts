/** The policies of the pack shipped with pulumi-alicloud-ecs (policy/index.ts starts it). Each policy has a default enforcement level and a
 *  configuration (JSON schema with defaults) that `--policy-pack-config <file>` overrides, e.g.
 *  `{"required-tags": {"requiredTags": ["team"]}, "allowed-regions": {"enforcementLevel": "advisory", "allowedRegions": ["cn-hangzhou"]}}`.
 *  Which resources a policy applies to comes from the resources' specs (those with an `ingress`,
 *  `tags`, `dataDisks` … input: the names schema.json shows), so a new resource kind is covered
 *  without editing this file. */
import * as pulumi from "@pulumi/pulumi";
import type { EnforcementLevel, PolicyConfigSchema, ResourceValidationPolicy } from "@pulumi/policy";
import { resolveRegion } from "../provider/client/credentials/settings";
import { CONFIG_NAMESPACE } from "../provider/configure";
import { SPECS } from "../provider/resources/specs";
import type { ResourceSpec } from "../provider/spec/types";
import { MODULE } from "../sdk/resource";
import { readInputs, type Inputs } from "./inputs";
import * as rules from "./rules";

export const PACK_NAME = "alicloud-ecs";

/** "pulumi-nodejs:dynamic/alicloud-ecs:Instance" → "Instance"; undefined for other types. */
export function kindOf(type: string): string | undefined {
  const prefix = `pulumi-nodejs:dynamic/${MODULE}:`;
  return type.startsWith(prefix) ? type.slice(prefix.length) : undefined;
}

const specs: readonly ResourceSpec[] = SPECS;

/** Resource kinds whose inputs include the property. */
const kindsWithInput = (property: string): string[] => specs.filter((s) => property in s.inputs).map((s) => s.kind);

const allKinds = (): string[] => specs.map((s) => s.kind);

function spec(kind: string): ResourceSpec {
  const found = specs.find((s) => s.kind === kind);
  if (!found) throw new Error(`no resource spec for ${kind}`);
  return found;
}

/** Whether the kind's dataDisks items have an `encrypted` member. */
const dataDisksCanBeEncrypted = (kind: string): boolean => {
  const type = spec(kind).inputs.dataDisks?.type;
  return type?.kind === "list" && type.items.kind === "object" && "encrypted" in type.items.fields;
};

/** The region a resource without `region` lands in: the provider's own resolution from the
 *  stack config (handed to the pack by the engine) and the environment. */
function defaultRegion(): string | undefined {
  try {
    return resolveRegion({ region: pulumi.runtime.getConfig(`${CONFIG_NAMESPACE}:region`) });
  } catch {
    return undefined;
  }
}

interface PolicySpec<C> {
  name: string;
  description: string;
  enforcementLevel: EnforcementLevel;
  kinds: () => string[];
  /** Properties of the policy's configuration, each with its default. */
  config?: Record<keyof C & string, PolicyConfigSchema["properties"][string] & { default: unknown }>;
  check(inputs: Inputs, config: C, kind: string): rules.Outcome;
}

function policy<C extends object>(spec: PolicySpec<C>): ResourceValidationPolicy {
  const defaults = Object.fromEntries(Object.entries(spec.config ?? {}).map(([k, s]) => [k, (s as { default: unknown }).default])) as C;
  return {
    name: spec.name,
    description: spec.description,
    enforcementLevel: spec.enforcementLevel,
    ...(spec.config ? { configSchema: { properties: spec.config } } : {}),
    validateResource: (args, reportViolation) => {
      const kind = kindOf(args.type);
      if (kind === undefined || !spec.kinds().includes(kind)) return;
      const { inputs, unknown } = readInputs(args.props);
      const outcome = spec.check(inputs, { ...defaults, ...args.getConfig<C>() }, kind);
      for (const v of outcome.violations) reportViolation(v);
      // Nothing proven, something unknown: the SDK reports that the policy runs at `up` instead.
      if (outcome.violations.length === 0 && outcome.undecided && unknown) throw unknown;
    },
  };
}

const stringList = (description: string, defaults: string[]) => ({ type: "array" as const, items: { type: "string" as const }, default: defaults, description });

export const policies: ResourceValidationPolicy[] = [
  policy<rules.WorldOpenPortsConfig>({
    name: "no-ssh-rdp-from-internet",
    description: "Security groups must not accept SSH (22), RDP (3389) or the other configured ports from 0.0.0.0/0, in any port-range spelling or with protocol all.",
    enforcementLevel: "mandatory",
    kinds: () => kindsWithInput("ingress"),
    config: {
      ports: { type: "array", items: { type: "integer", minimum: 1, maximum: 65535 }, default: [22, 3389], description: "Ports that must not be open to the whole internet." },
    },
    check: (inputs, config) => rules.worldOpenPorts(inputs, config),
  }),
  policy<object>({
    name: "encrypted-data-disks",
    description: "Data disks must be encrypted: Disk.encrypted, and every entry of an Instance's or LaunchTemplate's dataDisks.",
    enforcementLevel: "mandatory",
    kinds: () => [...kindsWithInput("encrypted"), ...kindsWithInput("dataDisks")],
    check: (inputs, _config, kind) => ("encrypted" in spec(kind).inputs ? rules.diskEncrypted(inputs) : rules.dataDisksEncrypted(inputs, dataDisksCanBeEncrypted(kind))),
  }),
  policy<rules.RequiredTagsConfig>({
    name: "required-tags",
    description: "Every taggable resource carries the configured tag keys, with a value.",
    enforcementLevel: "advisory",
    kinds: () => kindsWithInput("tags"),
    config: { requiredTags: stringList("Tag keys every taggable resource must carry.", ["environment"]) },
    check: (inputs, config) => rules.requiredTags(inputs, config),
  }),
  policy<rules.DeletionProtectionConfig>({
    name: "deletion-protection",
    description: "On the configured stacks, instances set deletionProtection: true.",
    enforcementLevel: "mandatory",
    kinds: () => kindsWithInput("deletionProtection"),
    config: { stacks: stringList("Stack names (`*` matches any characters) whose instances need deletion protection.", ["prod", "production", "prod-*"]) },
    check: (inputs, config) => rules.deletionProtection(inputs, config, pulumi.getStack()),
  }),
  policy<rules.AllowedInstanceTypesConfig>({
    name: "allowed-instance-types",
    description: "Instances and launch templates use only the configured instance types (empty: any).",
    enforcementLevel: "mandatory",
    kinds: () => kindsWithInput("instanceType"),
    config: { allowedInstanceTypes: stringList("Allowed instance types; `*` patterns such as ecs.t6-*. Empty allows every type.", []) },
    check: (inputs, config) => rules.allowedInstanceType(inputs, config),
  }),
  policy<rules.AllowedRegionsConfig>({
    name: "allowed-regions",
    description: "Resources live only in the configured regions (empty: any); a resource without region is in the stack's default region.",
    enforcementLevel: "mandatory",
    kinds: allKinds,
    config: { allowedRegions: stringList("Allowed region ids, e.g. cn-hangzhou. Empty allows every region.", []) },
    check: (inputs, config) => rules.allowedRegion(inputs, config, defaultRegion),
  }),
];
