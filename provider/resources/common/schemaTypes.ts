/** The parts of the Pulumi package schema format that schema.json uses. */
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
/** A data function: its arguments and result as object types. */
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
  config?: { variables: Record<string, SchemaProperty> };
  types: Record<string, SchemaType>;
  resources: Record<string, SchemaResource>;
  functions?: Record<string, SchemaFunction>;
}
