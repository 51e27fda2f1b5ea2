/** sdk/resources.ts: one class per resource spec, on the one generic base (sdk/resource.ts). */
import type { ResourceSpec } from "../../provider/spec/types";
import { HEADER, lowerFirst, TYPES_DIR } from "./tsTypes";

export function sdkClassesFile(specs: readonly ResourceSpec[]): string {
  let out = HEADER + 'import type * as pulumi from "@pulumi/pulumi";\nimport { EcsResource } from "./resource";\n';
  for (const s of specs) {
    const file = `../${TYPES_DIR}/${lowerFirst(s.kind)}`;
    out += `import { ${lowerFirst(s.kind)}Meta, type ${s.kind}Args, type ${s.kind}OutputProperties } from "${file}";\n`;
  }
  for (const s of specs) {
    const optional = !Object.values(s.inputs).some((p) => p.required);
    const doc = `/** ${s.doc.replace(/\*\//g, "*\\/")} See docs/resources/${s.kind}.md. */\n`;
    out += `\n${doc}export interface ${s.kind} extends ${s.kind}OutputProperties {}\n`;
    out += `${doc}export class ${s.kind} extends EcsResource {\n`;
    out += `  constructor(name: string, args${optional ? "?" : ""}: ${s.kind}Args, opts?: pulumi.CustomResourceOptions) {\n`;
    out += `    super(${lowerFirst(s.kind)}Meta, name, args, opts);\n  }\n\n`;
    out += `  /** The existing ${s.noun} \`id\` (\`${s.idExample}\`, or \`<region>/<id>\` in another region), read into the program and not managed by it. */\n`;
    out += `  static get(name: string, id: pulumi.Input<pulumi.ID>, opts?: pulumi.CustomResourceOptions): ${s.kind} {\n`;
    out += `    return new ${s.kind}(name, undefined as unknown as ${s.kind}Args, { ...opts, id });\n  }\n}\n`;
  }
  return out;
}
