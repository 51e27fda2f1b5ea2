/** ecs-import through the real CLI, as a user runs it: resources of all six kinds made out of band
 *  with the official SDK (an instance with a security group, an imported key pair, a deployment
 *  set, a data disk of its own and an attached Disk; a launch template), then the built command
 *  with the README's own command line → the written project installed against the packed package
 *  → `pulumi up` adopts them all with zero write calls → `preview --expect-no-changes` passes →
 *  edits of the written program apply in place. The steps run in order. */
import Ecs, * as $Ecs from "@alicloud/ecs20140526";
import * as $OpenApi from "@alicloud/openapi-client";
import { execFile, execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { REPO_ROOT } from "../../bench/lib/emulatorProcess";
import type { RunningEmulator } from "../../emulator";
import { defaultVpcId } from "../../emulator/catalog";
import { USAGE } from "../../sdk/cli/ecsImport/args";
import { CLI_TIMEOUT_MS, EventLog, REGION, changes, createStack, disposeAll, emulatorResources, newCredentials, startTestEmulator, type Credentials, type E2eStack } from "./harness";
import { packPackage, repoPackage, type PackedPackage } from "./userProject";

jest.setTimeout(CLI_TIMEOUT_MS);

const ZONE = "cn-hangzhou-h";
const IMAGE = "ubuntu_22_04_x64_20G_alibase_20240130.vhd";
const PUBLIC_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAICjE4i9mhj/TDRmCB84S1oXrLGr8hA1YbPdUKycZ+7pr root@vm";
const WRITES = /^(Run|Create|Import|Authorize|Revoke|Modify|Delete|Add|Remove|Tag|Untag|Attach|Detach|Join|Leave|Start|Stop|Resize|Allocate|Reset|ReInit)/;

/** The README's "Bulk import" section, and the ecs-import command line it shows. */
function readmeSection(): { text: string; command: string[] } {
  const readme = readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
  const start = readme.indexOf("## Bulk import: `ecs-import`");
  const text = readme.slice(start, readme.indexOf("\n## ", start + 1));
  const line = text.split("\n").find((l) => l.startsWith("npx ecs-import "));
  if (start < 0 || !line) throw new Error("README.md has no Bulk import section with an `npx ecs-import` command");
  return { text, command: line.replace(/#.*$/, "").trim().split(/\s+/).slice(2) };
}

describe("ecs-import: a region's resources adopted by the project it writes", () => {
  let emulator: RunningEmulator;
  let creds: Credentials;
  let packed: PackedPackage;
  let work: string;
  let projectDir: string;
  let e2e: E2eStack;
  const made: Record<string, string> = {};

  const sdk = (): Ecs =>
    new Ecs(new $OpenApi.Config({ accessKeyId: creds.accessKeyId, accessKeySecret: creds.accessKeySecret, endpoint: `127.0.0.1:${emulator.port}`, protocol: "HTTP", regionId: REGION }));
  const prod = [{ key: "env", value: "prod" }];

  /** What another tool (or the console) made: every kind, tagged env=prod where ECS takes tags, and a group of another team. */
  async function makeOutOfBand(): Promise<void> {
    const ecs = sdk();
    const group = async (name: string, tag: { key: string; value: string }[]) => {
      const id = (await ecs.createSecurityGroup(new $Ecs.CreateSecurityGroupRequest({ regionId: REGION, vpcId: defaultVpcId(REGION), securityGroupName: name, description: "made by hand", tag }))).body!.securityGroupId!;
      const permissions = [new $Ecs.AuthorizeSecurityGroupRequestPermissions({ ipProtocol: "tcp", portRange: "80/80", sourceCidrIp: "0.0.0.0/0" })];
      await ecs.authorizeSecurityGroup(new $Ecs.AuthorizeSecurityGroupRequest({ regionId: REGION, securityGroupId: id, permissions }));
      return id;
    };
    made.sg = await group("web", prod);
    made.otherSg = await group("batch", [{ key: "env", value: "dev" }]);
    await ecs.importKeyPair(new $Ecs.ImportKeyPairRequest({ regionId: REGION, keyPairName: "deploy", publicKeyBody: PUBLIC_KEY, tag: prod }));
    made.ds = (await ecs.createDeploymentSet(new $Ecs.CreateDeploymentSetRequest({ regionId: REGION, deploymentSetName: "spread", description: "one host each", strategy: "Availability" }))).body!.deploymentSetId!;
    made.lt = (
      await ecs.createLaunchTemplate(
        new $Ecs.CreateLaunchTemplateRequest({ regionId: REGION, launchTemplateName: "web-template", imageId: IMAGE, instanceType: "ecs.g7.large", securityGroupId: made.sg, zoneId: ZONE, templateTag: prod }),
      )
    ).body!.launchTemplateId!;
    made.instance = (
      await ecs.runInstances(
        new $Ecs.RunInstancesRequest({
          regionId: REGION,
          zoneId: ZONE,
          imageId: IMAGE,
          instanceType: "ecs.g7.large",
          securityGroupId: made.sg,
          keyPairName: "deploy",
          deploymentSetId: made.ds,
          instanceName: "web",
          password: "Adopt-me-1",
          amount: 1,
          dataDisk: [new $Ecs.RunInstancesRequestDataDisk({ size: 40, category: "cloud_essd" })],
          tag: prod.map((t) => new $Ecs.RunInstancesRequestTag(t)),
        }),
      )
    ).body!.instanceIdSets!.instanceIdSet![0];
    made.disk = (await ecs.createDisk(new $Ecs.CreateDiskRequest({ regionId: REGION, zoneId: ZONE, size: 20, diskCategory: "cloud_essd", diskName: "web-logs", tag: prod }))).body!.diskId!;
    await ecs.attachDisk(new $Ecs.AttachDiskRequest({ instanceId: made.instance, diskId: made.disk }));
  }

  /** The built command, as `npx ecs-import` runs it: credentials from the environment. */
  const ecsImport = (args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> =>
    new Promise((resolve) =>
      execFile(
        process.execPath,
        [path.join(REPO_ROOT, "dist", "sdk", "cli", "ecsImport", "cli.js"), ...args],
        { env: { ...process.env, ALIBABA_CLOUD_ACCESS_KEY_ID: creds.accessKeyId, ALIBABA_CLOUD_ACCESS_KEY_SECRET: creds.accessKeySecret }, encoding: "utf8", timeout: CLI_TIMEOUT_MS },
        (err, stdout, stderr) => resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      ),
    );

  const writeCalls = (): Record<string, number> => Object.fromEntries(Object.entries(emulator.admin.callCounts()).filter(([a, n]) => WRITES.test(a) && n > 0));
  const counts = () => Object.fromEntries(Object.entries(emulatorResources(emulator, creds.accessKeyId)).map(([k, v]) => [k, v.length]));

  beforeAll(async () => {
    creds = newCredentials("ecsimport");
    emulator = await startTestEmulator(creds);
    await makeOutOfBand();
    packed = packPackage();
    work = mkdtempSync(path.join(tmpdir(), "e2e-ecsimport-"));
    projectDir = path.join(work, "adopted");
  });

  afterAll(async () => {
    try {
      await disposeAll(e2e, emulator);
    } finally {
      packed?.dispose();
      if (work) rmSync(work, { recursive: true, force: true });
    }
  });

  test("the README's flags are the command's, and its command line writes the project", async () => {
    const { text, command } = readmeSection();
    const flags = (s: string): Set<string> => new Set([...s.matchAll(/`(--[a-z-]+)/g)].map((m) => m[1]));
    const usage = new Set([...USAGE.matchAll(/^\s+(--[a-z-]+)/gm)].map((m) => m[1]));
    expect([...flags(text)].sort()).toEqual([...usage].filter((f) => f !== "--help").sort());

    const args = command.map((a) => (a === "./adopted" ? projectDir : a));
    expect(args).toEqual(["--region", REGION, "--tag", "env=prod", "--out", projectDir]);
    const run = await ecsImport([...args, "--endpoint", emulator.url]);
    expect(run.stderr).not.toContain(creds.accessKeySecret);
    expect(run.code).toBe(0);
    expect(readdirSync(projectDir).sort()).toEqual([".gitignore", "Pulumi.yaml", "README.md", "index.ts", "package.json", "tsconfig.json"]);
    // The other team's group (env=dev) is not adopted; the deployment set (no tags) is, through the instance.
    expect(run.stdout).not.toContain(made.otherSg);
    for (const id of [made.sg, "deploy", made.ds, made.lt, made.instance, made.disk]) expect(run.stdout).toContain(id);
  });

  test("the program: references where the target is adopted, placeholders for what ECS never reports, no secret", () => {
    const index = readFileSync(path.join(projectDir, "index.ts"), "utf8");
    expect(index).toContain(`const web = new ecs.Instance("web", {`);
    expect(index).toContain("securityGroupIds: [webSg.id],");
    expect(index).toContain("keyPairName: deploy.keyPairName,");
    expect(index).toContain("deploymentSetId: spread.id,");
    expect(index).toContain("instanceId: web.id,");
    expect(index).toContain("securityGroupId: webSg.id,");
    expect(index).toContain('password: config.getSecret("webPassword"),');
    expect(index).toContain('publicKey: config.get("deployPublicKey"),');
    expect(index).not.toContain("Adopt-me-1");
    // Dependency order: what is referred to is declared first.
    const at = (v: string): number => index.indexOf(`const ${v} = `);
    expect(at("webSg")).toBeLessThan(at("webTemplate"));
    expect([at("webSg"), at("deploy"), at("spread")].every((i) => i >= 0 && i < at("web"))).toBe(true);
    expect(at("web")).toBeLessThan(at("webLogs"));
    // The instance's own data disk is in its dataDisks, not a Disk.
    expect(index.match(/new ecs\.Disk\(/g)).toHaveLength(1);
    expect(index).toMatch(/dataDisks: \[\{ category: "cloud_essd", size: 40, .*deleteWithInstance: true \}\]/);

    const readme = readFileSync(path.join(projectDir, "README.md"), "utf8");
    expect(readme).toContain("pulumi config set --secret webPassword …");
    const pkg = JSON.parse(readFileSync(path.join(projectDir, "package.json"), "utf8"));
    expect(pkg.dependencies).toEqual({ "@pulumi/pulumi": repoPackage().dependencies["@pulumi/pulumi"], "pulumi-alicloud-ecs": `^${repoPackage().version}` });
  });

  test("installed against the packed package, `pulumi up` adopts all six kinds with zero write calls", async () => {
    // The package is not published: the tarball stands for it; @pulumi/pulumi, typescript and @types/node at this repository's versions (in npm's cache).
    const pkgFile = path.join(projectDir, "package.json");
    const pkg = JSON.parse(readFileSync(pkgFile, "utf8"));
    const installed = (name: string): string => JSON.parse(readFileSync(path.join(REPO_ROOT, "node_modules", name, "package.json"), "utf8")).version;
    pkg.dependencies = { "@pulumi/pulumi": installed("@pulumi/pulumi"), "pulumi-alicloud-ecs": `file:${packed.tarball}` };
    pkg.devDependencies = { typescript: installed("typescript"), "@types/node": installed("@types/node") };
    writeFileSync(pkgFile, JSON.stringify(pkg, null, 2));
    execFileSync("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"], { cwd: projectDir, stdio: "pipe" });
    // The program type-checks against the package's own types (the CLI's TypeScript runner does not check types).
    execFileSync(path.join(projectDir, "node_modules", ".bin", "tsc"), ["--noEmit", "-p", projectDir], { cwd: projectDir, stdio: "pipe" });
    e2e = await createStack({ example: "test/e2e/programs/adopted", workDir: projectDir, emulator, credentials: creds, credentialSource: "config" });

    const before = counts();
    emulator.admin.resetCallCounts();
    const events = new EventLog();
    const up = await e2e.stack.up({ onEvent: events.onEvent });
    expect(up.summary.result).toBe("succeeded");
    const adopted = ["web-sg", "deploy", "spread", "web-template", "web", "web-logs"];
    expect(Object.fromEntries(adopted.map((n) => [n, events.ops().get(n)]))).toEqual(Object.fromEntries(adopted.map((n) => [n, ["create"]])));
    expect(changes(up.summary.resourceChanges)).toEqual({ create: adopted.length + 1 }); // and the stack itself
    expect(writeCalls()).toEqual({});
    expect(counts()).toEqual(before);
    const ids = ((await e2e.stack.exportStack()).deployment.resources as { type: string; id?: string }[]).filter((r) => r.type.includes("alicloud-ecs:")).map((r) => r.id);
    expect(ids.sort()).toEqual([made.sg, "deploy", made.ds, made.lt, made.instance, made.disk].sort());
  });

  test("then preview --expect-no-changes passes", async () => {
    const preview = await e2e.stack.preview({ expectNoChanges: true });
    expect(changes(preview.changeSummary)).toEqual({});
  });

  test("an edit of the written program (a description, a tag) is applied in place", async () => {
    const file = path.join(projectDir, "index.ts");
    const index = readFileSync(file, "utf8");
    const edited = index.replace('description: "made by hand",', 'description: "the web tier",').replace('tags: { env: "prod" },\n  deletionProtection', 'tags: { env: "prod", team: "web" },\n  deletionProtection');
    expect(edited).not.toBe(index);
    writeFileSync(file, edited);
    const events = new EventLog();
    await e2e.stack.up({ onEvent: events.onEvent });
    expect(events.ops().get("web-sg")).toEqual(["update"]);
    expect(events.ops().get("web")).toEqual(["update"]);
    const state = emulatorResources(emulator, creds.accessKeyId);
    expect(state.securityGroups.find((g) => g.id === made.sg)).toMatchObject({ description: "the web tier" });
    expect(state.instances.find((i) => i.id === made.instance)?.tags).toEqual(expect.arrayContaining([{ Key: "team", Value: "web" }]));
  });

  test("the password placeholder, set after the adoption, sets the instance's password", async () => {
    await e2e.stack.setConfig("webPassword", { value: "Changed-pw-2", secret: true });
    emulator.admin.resetCallCounts();
    const events = new EventLog();
    await e2e.stack.up({ onEvent: events.onEvent });
    expect(events.ops().get("web")).toEqual(["update"]);
    expect(writeCalls()).toEqual({ ModifyInstanceAttribute: 1 });
  });
});
