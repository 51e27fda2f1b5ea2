/** Every data function of the package through the real CLI, in a program (test/e2e/programs/lookups):
 *  the catalogue functions as plain calls, the lookups of existing resources as Output variants fed
 *  with resource outputs, the Tencent bare-metal regions through their own signed API; and a bad
 *  argument fails the preview with the function, the argument and the rule, before any API call. */
import { generateKeyPairSync } from "node:crypto";
import type { RunningEmulator } from "../../emulator";
import { RESERVED_INSTANCES } from "../../emulator/catalog";
import { rsaPublicKeyToOpenSsh } from "../../provider/ssh/publicKey";
import { CLI_TIMEOUT_MS, createStack, disposeAll, newCredentials, startTestEmulator, type Credentials, type E2eStack } from "./harness";

jest.setTimeout(CLI_TIMEOUT_MS);

describe("data functions in a program, through the CLI", () => {
  let emulator: RunningEmulator;
  let creds: Credentials;
  let e2e: E2eStack;
  let out: Record<string, unknown>;

  beforeAll(async () => {
    creds = newCredentials("lookups");
    emulator = await startTestEmulator(creds);
    const publicKey = rsaPublicKeyToOpenSsh(generateKeyPairSync("rsa", { modulusLength: 2048 }).publicKey.export({ format: "jwk" })).openssh;
    e2e = await createStack({
      example: "test/e2e/programs/lookups",
      emulator,
      credentials: creds,
      credentialSource: "config",
      config: {
        "lookups:publicKey": { value: publicKey },
        "alicloud-ecs:tencentEndpoint": { value: emulator.url },
        "alicloud-ecs:tencentSecretId": { value: creds.accessKeyId },
        "alicloud-ecs:tencentSecretKey": { value: creds.accessKeySecret, secret: true },
      },
    });
    const up = await e2e.stack.up();
    expect(up.summary.result).toBe("succeeded");
    out = Object.fromEntries(Object.entries(up.outputs).map(([k, v]) => [k, v.value]));
  });
  afterAll(() => disposeAll(e2e, emulator));

  test("the catalogue: regions, zones, images, instance types, reserved instances, Tencent bare-metal regions", () => {
    expect(out.regionIds).toEqual(expect.arrayContaining(["cn-hangzhou", "cn-shanghai"]));
    expect(out.zoneIds).toEqual(expect.arrayContaining(["cn-hangzhou-h", "cn-hangzhou-i"]));
    expect(out.imageIds).toContain("ubuntu_22_04_x64_20G_alibase_20240130.vhd");
    expect((out.imageIds as string[]).every((id) => id.startsWith("ubuntu"))).toBe(true);
    expect(out.g7Types).toContain("ecs.g7.large");
    expect((out.g7Types as string[]).every((id) => id.startsWith("ecs.g7."))).toBe(true);
    expect(out.reservedCount).toBe(RESERVED_INSTANCES.filter((r) => r.regionId === "cn-hangzhou").length); // the emulator's catalogue
    expect(out.tencentRegionIds).toEqual([1, 4, 8]);
  });

  test("the lookups find the stack's own resources by the filters given, in the resources' property names", () => {
    expect(out.statuses).toEqual([`${out.webId} Running`]);
    expect(out.instances).toEqual(["lk-web"]);
    expect(out.disks).toEqual(["lk-data"]);
    expect(out.groups).toEqual(["lk-sg"]);
    expect(out.keyPairs).toEqual(["lk-key"]);
    expect(out.templates).toEqual(["lk-lt"]);
    expect(out.sets).toEqual(["lk-ds"]);
  });

  test("a bad argument fails the preview naming the function and the argument, as a Pulumi error", async () => {
    await e2e.stack.setConfig("lookups:badRegex", { value: "(unclosed" });
    const err = (await e2e.stack.preview().then(
      () => undefined,
      (e: Error) => e,
    )) as Error;
    expect(err?.message).toMatch(/getInstances/);
    expect(err?.message).toMatch(/nameRegex/);
    expect(err?.message).toMatch(/regular expression/);
    expect(err?.message).not.toMatch(/ at .*\.js:\d+/); // a Pulumi error, not a Node stack trace
    await e2e.stack.removeConfig("lookups:badRegex");
  });
});
