/** A second real client nobody here wrote: the official Go SDK (github.com/alibabacloud-go/ecs-20140526/v7)
 *  runs a lifecycle against the emulator with V3 (ACS3-HMAC-SHA256) and V1 (HMAC-SHA1) signatures and
 *  parses every answer into its typed structs (test/go-client/main.go). Skipped only where Go is absent. */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { diskCategories } from "../../provider/spec/limits";
import { buildGoClient, goVersion } from "../go-client/build";

const run = promisify(execFile);
const version = goVersion();
if (!version) console.warn("Go is not installed (no `go` on PATH): the official Go SDK cross-check (test/emulator/goSdk.test.ts) is skipped.");
const describeWithGo = version ? describe : describe.skip;

describeWithGo("the official Go SDK against the emulator", () => {
  let emu: RunningEmulator;
  let binary: string;

  beforeAll(async () => {
    const build = buildGoClient(version!);
    if (build.built) console.log(`built test/go-client in ${(build.ms / 1000).toFixed(1)} s (cached for later runs)`);
    binary = build.binary;
    emu = await startEmulator({ clock: "manual", delayScale: 0 });
  }, 15 * 60_000);
  afterAll(() => emu?.close());

  it.each([
    ["v3", "ACS3-HMAC-SHA256"],
    ["v1", "HMAC-SHA1"],
  ])("%s signature (%s): the whole lifecycle parses", async (signature) => {
    const { stdout } = await run(binary, [], { env: { ...process.env, ECS_ENDPOINT: `127.0.0.1:${emu.port}`, ECS_SIGNATURE: signature, ECS_SUFFIX: signature } });
    const summary = JSON.parse(stdout) as Record<string, unknown>;
    expect(summary).toEqual({
      signature,
      regions: 6,
      rules: 3,
      keyFingerprint: expect.stringMatching(/^([0-9a-f]{2}:){15}[0-9a-f]{2}$/),
      templateDiskCategory: "cloud_essd",
      instances: 2,
      memory: 8192,
      names: [`go-vm-${signature}001`, `go-vm-${signature}002`],
      disks: 3,
      systemDiskCategories: diskCategories("system").length,
      errorCode: "InvalidRegionId.NotFound",
      errorStatus: 404,
    });
    // Everything it created, it deleted (the default VPC and VSwitches stay).
    const region = emu.admin.snapshot().accounts["ecs-emulator"]!.regions["cn-hangzhou"]!;
    for (const kind of ["instances", "disks", "securityGroups", "keyPairs", "launchTemplates", "deploymentSets"] as const)
      expect(Object.keys(region[kind])).toEqual([]);
  });
});
