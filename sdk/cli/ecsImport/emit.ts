/** The Pulumi TypeScript project ecs-import writes: index.ts (the program), Pulumi.yaml,
 *  package.json (this package and @pulumi/pulumi at the ranges this package declares),
 *  tsconfig.json, .gitignore and a README listing what was adopted and the config to set. */
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import type { Skipped, WithInstance } from "./discover";
import { kindInfo } from "./kinds";
import type { Arg, Program, ProgramResource } from "./program";
import { placeholderInputs, type Placeholder } from "./secrets";
import { readable } from "../../../provider/spec/wire";

export interface ProjectInput {
  /** The Pulumi project name. */
  project: string;
  program: Program;
  regions: readonly string[];
  skipped: readonly Skipped[];
  withInstances: readonly WithInstance[];
  notFound: readonly string[];
  /** The command as run (without secrets: it takes none), for the README. */
  commandLine: string;
  /** The ECS endpoint it read from, when not the default one. */
  endpoint?: string;
}

/** File name → content. */
export type ProjectFiles = Record<string, string>;

interface OwnPackage {
  name: string;
  version: string;
  dependencies: Record<string, string>;
  devDependencies?: Record<string, string>;
}

/** This package's package.json (in the sources or an installed copy): the ranges a project declares. */
export function ownPackage(): OwnPackage {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const file = path.join(dir, "package.json");
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, "utf8")) as OwnPackage;
      if (pkg.name === "pulumi-alicloud-ecs") return pkg;
    }
    if (path.dirname(dir) === dir) throw new Error("ecs-import: cannot find the package.json of pulumi-alicloud-ecs above " + __dirname);
  }
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const INLINE_MAX = 100;

/** A plain value as TypeScript source; short lists and objects on one line. */
function literal(v: unknown, indent: string): string {
  if (v === null || v === undefined) return "undefined";
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (Array.isArray(v)) return block("[", "]", v.map((x) => literal(x, `${indent}  `)), indent);
  const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
  return block("{", "}", entries.map(([k, x]) => `${IDENTIFIER.test(k) ? k : JSON.stringify(k)}: ${literal(x, `${indent}  `)}`), indent);
}

function block(open: string, close: string, items: string[], indent: string): string {
  if (items.length === 0) return `${open}${close}`;
  const pad = open === "{" ? " " : "";
  const inline = `${open}${pad}${items.join(", ")}${pad}${close}`;
  if (inline.length <= INLINE_MAX && !inline.includes("\n")) return inline;
  return `${open}\n${items.map((x) => `${indent}  ${x},`).join("\n")}\n${indent}${close}`;
}

function expression(a: Arg, indent: string): string {
  if ("config" in a) return `config.${a.secret ? "getSecret" : "get"}(${JSON.stringify(a.config)})`;
  if ("ref" in a) return `${a.ref}.${a.attribute}`;
  if ("list" in a) return block("[", "]", a.list.map((x) => expression(x, `${indent}  `)), indent);
  return literal(a.literal, indent);
}

function declaration(r: ProgramResource): string {
  const args = r.args.map((a) => `  ${a.property}: ${expression(a.value, "  ")},`).join("\n");
  return `const ${r.variable} = new ecs.${r.kind}(${JSON.stringify(r.name)}, {\n${args}\n}, { import: ${JSON.stringify(r.id)} });\n`;
}

export function indexTs(input: ProjectInput): string {
  const { resources } = input.program;
  const usesConfig = resources.some((r) => r.placeholders.length > 0);
  return [
    `// Written by ecs-import: ${resources.length} existing ECS resource(s) of ${input.regions.join(", ")}, adopted by the first \`pulumi up\``,
    "// (the `import` option: reads only, and a failure listing any difference). Remove the import options once adopted.",
    ...(usesConfig ? ['import * as pulumi from "@pulumi/pulumi";'] : []),
    'import * as ecs from "pulumi-alicloud-ecs";',
    "",
    ...(usesConfig ? ["// Values ECS never reports (see README.md): unset, the resources are adopted without them.", "const config = new pulumi.Config();", ""] : []),
    ...resources.map(declaration),
  ].join("\n");
}

const caret = (v: string | undefined, fallback: string): string => (v ? (/^[\^~]/.test(v) ? v : `^${v}`) : fallback);

function packageJson(input: ProjectInput): string {
  const own = ownPackage();
  const manifest = {
    name: input.project,
    private: true,
    main: "index.ts",
    dependencies: { "@pulumi/pulumi": own.dependencies["@pulumi/pulumi"], [own.name]: `^${own.version}` },
    devDependencies: { "@types/node": caret(own.devDependencies?.["@types/node"], "^22.0.0"), typescript: caret(own.devDependencies?.typescript, "^5.0.0") },
  };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

const TSCONFIG = {
  compilerOptions: { strict: true, target: "ES2022", module: "commonjs", moduleResolution: "node", esModuleInterop: true, skipLibCheck: true, sourceMap: true, outDir: "bin" },
  files: ["index.ts"],
};

/** What to tell about a placeholder, by why it is one. */
function placeholderNote(p: Placeholder, kind: string): string {
  switch (p.use) {
    case "secret":
      return `Secret${p.property === "password" ? " (the login password)" : ""}; ECS never reports it. Leave it unset for the adoption (a value set before it is recorded, not applied: there is nothing to compare it with). Set it afterwards and the next \`pulumi up\` sets it on the ${kindInfo(kind).spec.noun}.`;
    case "writeOnly":
      return `ECS does not report it. A value set before the adoption is recorded as it is (neither compared nor rewritten); a later change is applied like any change (see the resource's docs).`;
    case "verified":
      return `Optional: the OpenSSH public key. ECS reports only its fingerprint; a value set is verified against it at the adoption. Unset, the key pair is adopted by its fingerprint.`;
  }
}

/** How the README names the instance a data disk goes with. */
function instanceName(program: Program, w: WithInstance): string {
  const r = program.resources.find((x) => x.kind === "Instance" && x.region === w.region && x.id === w.instanceId);
  return r ? code(r.name) : `instance ${code(w.instanceId)} (not adopted)`;
}

const table = (head: string[], rows: string[][]): string[] => [`| ${head.join(" | ")} |`, `| ${head.map(() => "---").join(" | ")} |`, ...rows.map((r) => `| ${r.join(" | ")} |`)];
const code = (s: string): string => `\`${s.replace(/\|/g, "\\|")}\``;

export function readme(input: ProjectInput): string {
  const { resources, external } = input.program;
  const placeholders = resources.flatMap((r) => r.placeholders.map((p) => ({ r, p })));
  const regions = input.regions;
  const lines: string[] = [
    `# ${input.project}`,
    "",
    `Written by \`${input.commandLine}\`: ${resources.length} existing ECS resource(s) of ${regions.join(", ")}, declared in index.ts with the`,
    "`import` resource option, exactly as the provider reads them. The first `pulumi up` adopts them: it reads each one,",
    "compares it with the program and records it, with no write call (its preview lists each as a create: dynamic",
    "resources cannot show an import). If a resource changed since this project was written, the preview fails and lists",
    "the differences: update index.ts (or run ecs-import again).",
    "",
    "## Steps",
    "",
    "```sh",
    "npm install",
    "pulumi stack init dev",
    `pulumi config set alicloud-ecs:region ${regions[0]}`,
    ...(input.endpoint ? [`pulumi config set alicloud-ecs:endpoint ${input.endpoint}`] : []),
    "# credentials: ALIBABA_CLOUD_ACCESS_KEY_ID / ALIBABA_CLOUD_ACCESS_KEY_SECRET (or a profile, a RAM role …), or",
    "#   pulumi config set alicloud-ecs:accessKeyId LTAI…  and  pulumi config set --secret alicloud-ecs:accessKeySecret …",
    "pulumi preview    # one create per resource: each is an adoption, nothing is created",
    "pulumi up",
    "pulumi preview --expect-no-changes",
    "```",
    "",
    "Then delete the `{ import: … }` options from index.ts: the resources are in the stack's state, and while the option",
    "stays, a change that would replace a resource is refused. From then on the program manages them as any other:",
    "`pulumi destroy` deletes them (add `retainOnDelete: true` to keep one).",
    "",
    "## Resources",
    "",
    ...table(
      ["logical name", "kind", "ECS id", "ECS name", "region"],
      [
        ...resources.map((r) => [code(r.name), r.kind, code(r.id), r.ecsName ? code(r.ecsName) : "", r.region]),
        ...input.withInstances.map((w) => [`in ${instanceName(input.program, w)}'s \`dataDisks\``, "Disk", code(w.id), "", w.region]),
      ],
    ),
    "",
  ];
  if (placeholders.length > 0) {
    lines.push(
      "## Config placeholders",
      "",
      "Values ECS never reports are read from the stack config; unset, they are left out and the adoption goes ahead without them.",
      "",
      ...table(["key", "resource", "property", "what to do"], placeholders.map(({ r, p }) => [code(p.key), code(r.name), p.property, placeholderNote(p, r.kind)])),
      "",
      "```sh",
      ...placeholders.map(({ p }) => (p.secret ? `pulumi config set --secret ${p.key} …` : `pulumi config set ${p.key} …`)),
      "```",
      "",
    );
  }
  if (external.length > 0) {
    lines.push("## Not managed here", "", "Resources the adopted ones use that were not imported (by the filters): their ids are literals in index.ts.", "");
    lines.push(...table(["kind", "ECS id", "used by"], external.map((e) => [e.kind, code(e.id), code(e.usedBy)])), "");
  }
  if (input.skipped.length > 0) {
    lines.push("## Skipped", "");
    lines.push(...table(["kind", "ECS id", "ECS name", "why"], input.skipped.map((s) => [s.kind, code(s.id), s.name ? code(s.name) : "", s.reason])), "");
  }
  if (input.notFound.length > 0) lines.push("## Not found", "", `Asked for with --ids, found in no region asked: ${input.notFound.map(code).join(", ")}.`, "");
  const unreported = undeclaredInputs(resources);
  if (unreported.length > 0) {
    lines.push("## Not declared", "", "Inputs ECS does not report, so index.ts cannot state them; add them if you know them (an adoption takes them from the program, never compares them):", "");
    lines.push(...unreported.map(({ kind, property, doc }) => `- ${kind} \`${property}\`: ${doc}`), "");
  }
  return lines.join("\n");
}

/** Inputs of the adopted kinds that no read reports and no placeholder stands for (an instance's
 *  launch template): derived from the specs. */
function undeclaredInputs(resources: readonly ProgramResource[]): { kind: string; property: string; doc: string }[] {
  const kinds = [...new Set(resources.map((r) => r.kind))];
  return kinds.flatMap((kind) => {
    const placeholders = new Set(placeholderInputs(kind).map((p) => p.property));
    return Object.entries(kindInfo(kind).spec.inputs)
      .filter(([property, p]) => !readable(p) && p.change.kind !== "provider" && p.default === undefined && !placeholders.has(property))
      .map(([property, p]) => ({ kind, property, doc: p.doc }));
  });
}

export function projectFiles(input: ProjectInput): ProjectFiles {
  return {
    "index.ts": indexTs(input),
    "Pulumi.yaml": `name: ${input.project}\ndescription: ECS resources of ${input.regions.join(", ")} adopted with ecs-import\nruntime: nodejs\n`,
    "package.json": packageJson(input),
    "tsconfig.json": `${JSON.stringify(TSCONFIG, null, 2)}\n`,
    ".gitignore": "/bin/\n/node_modules/\n",
    "README.md": readme(input),
  };
}
