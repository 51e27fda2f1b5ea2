/** examples/web from the `npm pack` tarball, installed into a fresh project as a user does, next
 *  to the oldest @pulumi/pulumi that package.json admits (the other e2e suites run the lockfile's
 *  through the file: link): one SDK copy, and the lifecycle through the real Pulumi CLI. */
import { lstatSync, readFileSync } from "node:fs";
import * as path from "node:path";
import type { RunningEmulator } from "../../emulator";
import {
  CLI_TIMEOUT_MS,
  changes,
  createStack,
  disposeAll,
  newCredentials,
  NOTHING_LEFT,
  pulumiSdkCopies,
  stackResourceCounts,
  startTestEmulator,
  type Credentials,
  type E2eStack,
} from "./harness";
import { installUserProject, oldestPulumiSdk, packPackage, pulumiSdkInstalls, repoPackage, type PackedPackage, type UserProject } from "./userProject";

jest.setTimeout(CLI_TIMEOUT_MS);

describe("examples/web installed from the packed tarball", () => {
  const pulumiVersion = oldestPulumiSdk();
  let packed: PackedPackage;
  let project: UserProject;
  let emulator: RunningEmulator;
  let creds: Credentials;
  let e2e: E2eStack;

  beforeAll(async () => {
    packed = packPackage();
    project = installUserProject("web", packed.tarball, pulumiVersion);
    creds = newCredentials("tarball");
    emulator = await startTestEmulator(creds);
    e2e = await createStack({ example: "web", workDir: project.dir, emulator, credentials: creds, credentialSource: "config" });
  });

  afterAll(async () => {
    try {
      await disposeAll(e2e, emulator);
    } finally {
      project?.dispose();
      packed?.dispose();
    }
  });

  test("the tarball holds every file package.json's exports and bin name, and no sources or tests", () => {
    const pkg = repoPackage();
    const targets = [...Object.values(pkg.exports).flatMap((e) => (typeof e === "string" ? [e] : Object.values(e))), ...Object.values(pkg.bin)];
    const missing = targets.map((t) => t.replace(/^\.\//, "")).filter((t) => !packed.files.includes(t));
    expect(missing).toEqual([]);
    expect(packed.files.filter((f) => /^(test|bench|scripts|examples|provider|sdk|emulator)\//.test(f))).toEqual([]);
  });

  test("the project holds the package itself, not a link to this repository", () => {
    const installed = path.join(project.dir, "node_modules", "pulumi-alicloud-ecs");
    expect(lstatSync(installed).isSymbolicLink()).toBe(false);
    expect(JSON.parse(readFileSync(path.join(installed, "package.json"), "utf8")).version).toBe(repoPackage().version);
  });

  test("the project loads one @pulumi/pulumi, the version it declared, which the package shares", () => {
    expect(pulumiSdkInstalls(project.dir)).toEqual([{ dir: path.join(project.dir, "node_modules", "@pulumi", "pulumi"), version: pulumiVersion }]);
    const { fromProgram, fromPackage } = pulumiSdkCopies(project.dir);
    expect(fromPackage).toBe(fromProgram);
  });

  test("up creates the security group, key pair, instance and data disk", async () => {
    const result = await e2e.stack.up();
    expect(result.summary.result).toBe("succeeded");
    expect(Object.keys(changes(result.summary.resourceChanges))).toEqual(["create"]);
    expect(stackResourceCounts(emulator, creds.accessKeyId)).toEqual({ ...NOTHING_LEFT, instances: 1, dataDisks: 1, securityGroups: 1, keyPairs: 1 });
    expect((await e2e.stack.outputs()).instanceId.value).toMatch(/^i-/);
  });

  test("refresh and preview right after up find nothing to change", async () => {
    expect(changes((await e2e.stack.refresh()).summary.resourceChanges)).toEqual({});
    expect(changes((await e2e.stack.preview()).changeSummary)).toEqual({});
  });

  test("destroy deletes every resource of the stack", async () => {
    const result = await e2e.stack.destroy();
    expect(result.summary.result).toBe("succeeded");
    expect(stackResourceCounts(emulator, creds.accessKeyId)).toEqual(NOTHING_LEFT);
  });
});
