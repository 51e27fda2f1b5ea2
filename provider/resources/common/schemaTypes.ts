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
  types: Record<string, SchemaObjectType>;
  resources: Record<string, SchemaResource>;
}
