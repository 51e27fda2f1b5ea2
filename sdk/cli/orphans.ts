#!/usr/bin/env node
/** ecs-orphans: the resources of a stack that its state does not hold. Every resource the provider
 *  creates carries the stack's ownership tag; this lists them per region (getStackResources) and
 *  subtracts the ids in `pulumi stack export`. Run in the Pulumi project's folder:
 *
 *    npx ecs-orphans [--stack dev] [--region cn-hangzhou …] [--from-stack-config]
 *
 *  Credentials: the usual chain (ALIBABA_CLOUD_* variables, profiles, RAM role); with
 *  --from-stack-config, the stack's alicloud-ecs:* config (secrets decrypted by the CLI).
 *  Exit code 0: no orphan; 1: orphans listed; 2: the command could not run. */
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { EcsClient } from "../../provider/client";
import { clientOptionsFromConfig } from "../../provider/configure";
import { stackResources, type OwnedResource } from "../../provider/resources/owned";

interface Options {
  stack?: string;
  regions: string[];
  fromStackConfig: boolean;
  cwd: string;
}

function parseArgs(argv: readonly string[]): Options {
  const o: Options = { regions: [], fromStackConfig: false, cwd: process.cwd() };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === "--stack") o.stack = value();
    else if (a === "--region") o.regions.push(value());
    else if (a === "--cwd") o.cwd = path.resolve(value());
    else if (a === "--from-stack-config") o.fromStackConfig = true;
    else throw new Error(`unknown argument ${a} (usage: ecs-orphans [--stack S] [--region R …] [--from-stack-config] [--cwd DIR])`);
  }
  return o;
}

const pulumi = (o: Options, args: string[]): Promise<string> =>
  new Promise((resolve, reject) =>
    execFile("pulumi", [...args, ...(o.stack ? ["--stack", o.stack] : []), "--non-interactive"], { cwd: o.cwd, maxBuffer: 256 << 20, encoding: "utf8" }, (err, stdout, stderr) =>
      err ? reject(new Error(`pulumi ${args.join(" ")} failed: ${stderr.trim() || err.message}`)) : resolve(stdout),
    ),
  );

interface StateResource {
  type?: string;
  id?: string;
  outputs?: { region?: string };
}

export async function findOrphans(o: Options): Promise<{ stack: string; orphans: OwnedResource[] }> {
  const project = /^name:\s*(\S+)/m.exec(readFileSync(path.join(o.cwd, "Pulumi.yaml"), "utf8"))?.[1];
  if (!project) throw new Error(`no project name in ${path.join(o.cwd, "Pulumi.yaml")}`);
  const stackName = o.stack ?? (await pulumi(o, ["stack", "--show-name"])).trim();
  const state = JSON.parse(await pulumi(o, ["stack", "export"])) as { deployment?: { resources?: StateResource[] } };
  const ours = (state.deployment?.resources ?? []).filter((r) => r.type?.startsWith("pulumi-nodejs:dynamic/alicloud-ecs:"));
  const inState = new Set(ours.map((r) => r.id).filter((id): id is string => !!id));
  let config: Record<string, unknown> = {};
  if (o.fromStackConfig) {
    const raw = JSON.parse(await pulumi(o, ["config", "--json", "--show-secrets"])) as Record<string, { value?: unknown }>;
    config = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, v.value]));
  }
  const client = new EcsClient(clientOptionsFromConfig((k) => config[k]));
  try {
    const regions = new Set([...o.regions, ...ours.map((r) => r.outputs?.region).filter((r): r is string => !!r)]);
    if (regions.size === 0) regions.add(await client.defaultRegion());
    const stack = `${project}/${stackName}`;
    const found = (await Promise.all([...regions].map((r) => stackResources(client, r, stack)))).flat();
    return { stack, orphans: found.filter((r) => !inState.has(r.id)) };
  } finally {
    await client.close();
  }
}

async function main(): Promise<number> {
  const o = parseArgs(process.argv.slice(2));
  const { stack, orphans } = await findOrphans(o);
  if (orphans.length === 0) {
    console.log(`no orphans: every resource tagged for ${stack} is in its state`);
    return 0;
  }
  console.log(`${orphans.length} resource(s) tagged for ${stack} that its state does not hold:`);
  for (const r of orphans) console.log(`  ${r.kind.padEnd(15)} ${r.id.padEnd(28)} ${r.name.padEnd(24)} ${r.region.padEnd(16)}${r.interrupted ? " interrupted create: the next `pulumi up` adopts it" : ""}`);
  console.log("Import them (the `import` resource option) or delete them; an interrupted create is adopted by the next `pulumi up` that still declares it.");
  return 1;
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(`ecs-orphans: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(2);
    },
  );
}
