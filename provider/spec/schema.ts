/** The Pulumi package schema derived from the specs: each resource's inputProperties (types,
 *  docs, defaults, willReplaceOnChanges, secret), requiredInputs, properties (outputs) and
 *  required, and the object types they use. scripts/generate.ts writes it to schema.json; a test
 *  fails when the committed file is not current. */
import { replacesWhole } from "./compare";
import type { ConfigSpec, FieldSpec, FunctionSpec, Inputs, OutputSpec, PropSpec, ResourceSpec, TypeSpec } from "./types";

export const PACKAGE = "alicloud-ecs";
export const typeToken = (name: string): string => `${PACKAGE}:index:${name}`;

export interface SchemaProperty {
  type?: "string" | "integer" | "number" | "boolean" | "array" | "object";
  $ref?: string;
  items?: SchemaProperty;
  additionalProperties?: SchemaProperty;
  description?: string;
  secret?: boolean;
  willReplaceOnChanges?: boolean;
  default?: string | number | boolean;
}
export interface SchemaObjectType {
  type: "object";
  description?: string;
  properties: Record<string, SchemaProperty>;
  required?: string[];
}
/** A string enum (Pulumi schema `enum` type): the generated TypeScript is a union of its values. */
export interface SchemaEnumType {
  type: "string";
  description?: string;
  enum: { value: string; description?: string }[];
}
export type SchemaType = SchemaObjectType | SchemaEnumType;
export const isEnumType = (t: SchemaType): t is SchemaEnumType => "enum" in t;
export interface SchemaFunction {
  description?: string;
  inputs?: Omit<SchemaObjectType, "type"> & { type: "object" };
  outputs: Omit<SchemaObjectType, "type"> & { type: "object" };
}
export interface SchemaResource {
  description?: string;
  inputProperties: Record<string, SchemaProperty>;
  requiredInputs?: string[];
  properties: Record<string, SchemaProperty>;
  required?: string[];
}
export interface PackageSchema {
  name: string;
  displayName?: string;
  version?: string;
  description?: string;
  keywords?: string[];
  license?: string;
  repository?: string;
  config?: { variables: Record<string, SchemaProperty> };
  types: Record<string, SchemaType>;
  resources: Record<string, SchemaResource>;
  functions?: Record<string, SchemaFunction>;
  language?: Record<string, unknown>;
}

/** Collects the object types a package uses; two uses of one name must agree. */
export class TypeRegistry {
  readonly types: Record<string, SchemaType> = {};

  add(token: string, t: SchemaType): void {
    const existing = this.types[token];
    if (existing && JSON.stringify(existing) !== JSON.stringify(t)) throw new Error(`schema: type ${token} is declared twice, differently`);
    this.types[token] = t;
  }

  /** The schema form of a spec type, registering object types as it goes. */
  property(type: TypeSpec, extra: Partial<SchemaProperty> = {}): SchemaProperty {
    switch (type.kind) {
      case "string":
      case "integer":
      case "number":
      case "boolean":
        return { type: type.kind, ...extra };
      case "map":
        return { type: "object", additionalProperties: { type: "string" }, ...extra };
      case "enum": {
        const token = typeToken(type.name);
        this.add(token, { type: "string", description: type.doc, enum: type.values.map((value) => ({ value })) });
        return { $ref: `#/types/${token}`, ...extra };
      }
      case "list":
        return { type: "array", items: this.property(type.items), ...extra };
      case "object": {
        const token = typeToken(type.name);
        const properties: Record<string, SchemaProperty> = {};
        for (const [name, f] of Object.entries(type.fields)) properties[name] = this.field(f);
        const required = Object.entries(type.fields).filter(([, f]) => f.required).map(([k]) => k);
        this.add(token, { type: "object", description: type.doc, properties, ...(required.length ? { required } : {}) });
        return { $ref: `#/types/${token}`, ...extra };
      }
    }
  }

  field(f: FieldSpec): SchemaProperty {
    return this.property(f.type, {
      ...(f.default !== undefined ? { default: f.default } : {}),
      ...(f.replace ? { willReplaceOnChanges: true } : {}),
      description: f.doc,
    });
  }
}

function inputProperty(reg: TypeRegistry, p: PropSpec): SchemaProperty {
  return reg.property(p.type, {
    ...(p.default !== undefined ? { default: p.default } : {}),
    ...(replacesWhole(p) ? { willReplaceOnChanges: true } : {}),
    ...(p.secret ? { secret: true } : {}),
    description: p.doc,
  });
}

const outputProperty = (reg: TypeRegistry, doc: string, type: TypeSpec, secret: boolean | undefined): SchemaProperty =>
  reg.property(type, { ...(secret ? { secret: true } : {}), description: doc });

/** An input is always present among the outputs when the program must set it, check fills it in
 *  (a default, the region), ECS always reports it, or it is a map (tags: {} when none). */
export const alwaysOutput = (name: string, p: PropSpec): boolean =>
  p.required === true || p.default !== undefined || name === "region" || p.alwaysReported === true || p.type.kind === "map";

/** How to adopt an existing resource, said once for the schema and the reference page. */
export const importSentence = (spec: Pick<ResourceSpec, "idExample">): string =>
  `The \`import\` resource option with the id (${spec.idExample}) from the default region, or \`<region>/<id>\` (e.g. \`cn-shanghai/${spec.idExample}\`) from any region; the first update adopts it with reads only when the program declares what it holds, else fails listing each difference. The \`pulumi import\` command does not work for dynamic resources (README, "Existing resources").`;

export function resourceSchema(reg: TypeRegistry, spec: ResourceSpec<Inputs, Readonly<Record<string, OutputSpec>>>): SchemaResource {
  const inputProperties: Record<string, SchemaProperty> = {};
  for (const [name, p] of Object.entries(spec.inputs)) inputProperties[name] = inputProperty(reg, p);
  const requiredInputs = Object.entries(spec.inputs).filter(([, p]) => p.required).map(([k]) => k);
  const properties: Record<string, SchemaProperty> = {};
  const required: string[] = [];
  for (const [name, o] of Object.entries(spec.outputs)) {
    properties[name] = outputProperty(reg, o.doc, o.type, o.secret);
    if (o.required !== false) required.push(name);
  }
  for (const [name, p] of Object.entries(spec.inputs)) {
    if (p.inputOnly) continue;
    properties[name] = outputProperty(reg, p.outDoc ?? p.doc, p.type, p.secret);
    if (alwaysOutput(name, p)) required.push(name);
  }
  return {
    description: `${spec.doc} Import: ${importSentence(spec)}`,
    inputProperties,
    ...(requiredInputs.length ? { requiredInputs } : {}),
    properties,
    ...(required.length ? { required } : {}),
  };
}

function objectOf(reg: TypeRegistry, fields: Readonly<Record<string, FieldSpec>>): Omit<SchemaObjectType, "type"> & { type: "object" } {
  const properties: Record<string, SchemaProperty> = {};
  for (const [name, f] of Object.entries(fields)) properties[name] = reg.field(f);
  const required = Object.entries(fields).filter(([, f]) => f.required).map(([k]) => k);
  return { type: "object", properties, ...(required.length ? { required } : {}) };
}

export function functionSchema(reg: TypeRegistry, f: FunctionSpec): SchemaFunction {
  return { description: f.doc, inputs: objectOf(reg, f.args), outputs: objectOf(reg, f.result) };
}

export function configSchema(reg: TypeRegistry, config: Readonly<Record<string, ConfigSpec>>): { variables: Record<string, SchemaProperty> } {
  const variables: Record<string, SchemaProperty> = {};
  for (const [name, c] of Object.entries(config)) variables[name] = reg.property(c.type, { ...(c.secret ? { secret: true } : {}), description: c.doc });
  return { variables };
}
