/** The official SDK sends every parameter in the query string, so the largest user data ECS takes
 *  (32 KiB, Base64 then percent-encoded) arrives in the request line: the emulator must accept it
 *  (Node's default header limit of 16 KiB answered an empty HTTP 431). */
import type Ecs from "@alicloud/ecs20140526";
import * as $Ecs from "@alicloud/ecs20140526";
import { randomBytes } from "node:crypto";
import { MAX_REQUEST_HEADER_BYTES, startEmulator, type RunningEmulator } from "../../emulator";
import { defaultVSwitchId } from "../../emulator/catalog";
import { USER_DATA } from "../../provider/spec/limits";
import { createSecurityGroup } from "./helpers";
import { officialSdk } from "./officialSdk";

let emu: RunningEmulator;
let sg: string;
beforeAll(async () => {
  emu = await startEmulator({ clock: "manual", delayScale: 0 });
  sg = await createSecurityGroup(emu.url);
});
afterAll(() => emu.close());

const sdk = (signatureAlgorithm?: "v2"): Ecs => officialSdk(emu.port, { signatureAlgorithm });

// Random bytes: their Base64 has "+" and "/", which percent-encoding triples.
const userData = randomBytes(USER_DATA.maxBytes).toString("base64");

describe.each([["V3", undefined], ["V1", "v2" as const]])("official SDK, %s signature", (_label, algo) => {
  it("RunInstances with 32 KiB of user data in the query string", async () => {
    const res = await sdk(algo).runInstances(
      new $Ecs.RunInstancesRequest({ regionId: "cn-hangzhou", imageId: "ubuntu_22_04_x64_20G_alibase_20240130.vhd", instanceType: "ecs.g7.large", securityGroupId: sg, vSwitchId: defaultVSwitchId("cn-hangzhou-h"), userData }),
    );
    expect(res.statusCode).toBe(200);
    expect(res.body?.instanceIdSets?.instanceIdSet).toHaveLength(1);
  });

  it("CreateLaunchTemplate with 32 KiB of user data", async () => {
    const res = await sdk(algo).createLaunchTemplate(new $Ecs.CreateLaunchTemplateRequest({ regionId: "cn-hangzhou", launchTemplateName: `big-${algo ?? "v3"}`, userData }));
    expect(res.statusCode).toBe(200);
  });
});

it("the limit holds the largest request ECS takes with room to spare", () => {
  // 32 KiB → 43,692 Base64 characters → at most 3 bytes each once percent-encoded.
  expect(MAX_REQUEST_HEADER_BYTES).toBeGreaterThan(Math.ceil((USER_DATA.maxBytes * 4) / 3) * 3 + 8 * 1024);
});
