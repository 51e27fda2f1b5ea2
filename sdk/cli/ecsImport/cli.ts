#!/usr/bin/env node
/** ecs-import: bulk adoption. Lists the existing resources of a region (./discover.ts), reads each
 *  through the provider (./declare.ts) and writes a Pulumi TypeScript project declaring them with
 *  the `import` option (./program.ts, ./emit.ts), so `pulumi up` adopts them all. See USAGE. */
import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { configureClient, getClient, RegionNotFoundError, type EcsClient } from "../../../provider/client";
import { CONFIG_NAMESPACE, clientOptionsFromConfig } from "../../../provider/configure";
import { parseArgs, UsageError, USAGE, type ImportOptions } from "./args";
import { discover, type Discovery } from "./discover";
import { projectFiles, type ProjectFiles } from "./emit";
import { sanitize } from "./names";
import { buildProgram, type Program } from "./program";

export const EXIT = { written: 0, nothingFound: 1, usage: 2, failed: 3 } as const;

export interface Io {
  out(line: string): void;
  err(line: string): void;
}

const consoleIo: Io = { out: (l) => console.log(l), err: (l) => console.error(l) };

/** A shell word as typed (for the README's record of the command). */
const shellWord = (w: string): string => (/^[\w@%+=:,./-]+$/.test(w) ? w : `'${w.replace(/'/g, "'\\''")}'`);

function checkOutDir(o: ImportOptions): void {
  if (!o.out || o.dryRun || !existsSync(o.out)) return;
  if (readdirSync(o.out).length > 0 && !o.force) throw new UsageError(`${o.out} is not empty: choose another --out, or pass --force to overwrite the files ecs-import writes there`);
}

function summary(io: Io, d: Discovery, program: Program): void {
  io.out(`${program.resources.length} resource(s) to adopt:`);
  for (const r of program.resources) io.out(`  ${r.kind.padEnd(15)} ${r.id.padEnd(26)} ${r.region.padEnd(14)} as ${r.name}`);
  for (const w of d.withInstances) io.out(`  Disk ${w.id}: one of the dataDisks of instance ${w.instanceId} (deleted with it)`);
  for (const s of d.skipped) io.out(`  skipped ${s.kind} ${s.id}${s.name ? ` (${s.name})` : ""}: ${s.reason}`);
  for (const e of program.external) io.out(`  not adopted, a literal: ${e.kind} ${e.id} (used by ${e.usedBy})`);
  if (d.notFound.length > 0) io.out(`  not found: ${d.notFound.join(", ")}`);
  const placeholders = program.resources.flatMap((r) => r.placeholders);
  if (placeholders.length > 0) io.out(`config placeholders (see README.md): ${placeholders.map((p) => `${p.key}${p.secret ? " (secret)" : ""}`).join(", ")}`);
}

function write(dir: string, files: ProjectFiles): void {
  mkdirSync(dir, { recursive: true });
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), content);
}

/** The whole command; returns its exit code. */
export async function run(argv: readonly string[], io: Io = consoleIo): Promise<number> {
  let o: ImportOptions;
  try {
    o = parseArgs(argv);
    if (o.help) {
      io.out(USAGE);
      return EXIT.written;
    }
    checkOutDir(o);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    io.err(`ecs-import: ${err.message}\n\n${USAGE}`);
    return EXIT.usage;
  }
  try {
    // The provider's configure path: these settings first, then the environment, profiles, RAM role.
    const settings: Record<string, string | undefined> = { region: o.regions[0], endpoint: o.endpoint, profile: o.profile };
    configureClient(clientOptionsFromConfig((k) => settings[k.slice(CONFIG_NAMESPACE.length + 1)]));
    const client = getClient();
    const regions = o.regions.length > 0 ? o.regions : [await defaultRegion(client)];
    const found = await discover(client, regions, o, (line) => io.err(line));
    const program = buildProgram(found.resources);
    summary(io, found, program);
    if (program.resources.length === 0) {
      io.err("ecs-import: no resource matched; nothing written");
      return EXIT.nothingFound;
    }
    const files = projectFiles({
      project: o.project ?? ((o.out ? sanitize(path.basename(path.resolve(o.out))) : "") || "ecs-import"),
      program,
      regions,
      skipped: found.skipped,
      withInstances: found.withInstances,
      notFound: found.notFound,
      commandLine: ["ecs-import", ...argv].map(shellWord).join(" "),
      endpoint: o.endpoint,
    });
    if (o.dryRun) {
      for (const [name, content] of Object.entries(files)) io.out(`\n--- ${name} ---\n${content}`);
      io.out("(dry run: nothing written)");
    } else {
      write(o.out!, files);
      io.out(`wrote ${Object.keys(files).join(", ")} to ${o.out}; next: cd ${o.out} && npm install, then follow README.md`);
    }
    return EXIT.written;
  } catch (err) {
    io.err(`ecs-import: ${err instanceof Error ? err.message : String(err)}`);
    return err instanceof UsageError ? EXIT.usage : EXIT.failed;
  }
}

/** The configured region (environment, profile), or a usage error that says where it looked. */
async function defaultRegion(client: EcsClient): Promise<string> {
  try {
    return await client.defaultRegion();
  } catch (err) {
    if (!(err instanceof RegionNotFoundError)) throw err;
    const looked = err.places.map((p) => `  - ${p}`).join("\n");
    throw new UsageError(`no region: pass --region <region>, or export ALIBABA_CLOUD_REGION_ID. Looked at, in order:\n${looked}`);
  }
}

if (require.main === module) {
  run(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(`ecs-import: ${err instanceof Error ? err.stack : String(err)}`);
      process.exit(EXIT.failed);
    },
  );
}
