/** The fidelity tests' world: one emulator (manual clock, instant transitions) holding a resource of
 *  every kind in cn-hangzhou, built once through real signed calls and restored before every case,
 *  so each case starts from the same state whatever the cases before it did. */
import { startEmulator, type RunningEmulator } from "../../../emulator";
import { defaultVpcId, defaultVSwitchId } from "../../../emulator/catalog";
import type { StateData } from "../../../emulator/state";
import type { Params } from "../../../provider/client/params";
import { callV1, type CallResult } from "../helpers";

export const REGION = "cn-hangzhou";
export const ZONE = "cn-hangzhou-h";
export const IMAGE = "ubuntu_22_04_x64_20G_alibase_20240130.vhd";
export const WINDOWS_IMAGE = "win2022_21H2_x64_dtc_en-us_40G_alibase_20240515.vhd";
export const TYPE = "ecs.g7.large";
export const PUBLIC_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDG3etJ0UjU9pwtwfkBIuZj2aDC9Sf7uiGoPOUmNMLxF fidelity";

export interface World {
  vpc: string;
  vsw: string;
  /** A VSwitch of the same VPC in another zone. */
  otherZoneVsw: string;
  sg: string;
  otherSg: string;
  /** Running, with a tag, a data disk and a public IP. */
  running: string;
  runningSystemDisk: string;
  runningDataDisk: string;
  stopped: string;
  stoppedSystemDisk: string;
  /** Available, unattached, in ZONE. */
  disk: string;
  keyPair: string;
  template: string;
  deploymentSet: string;
  /** Emulated time when the world was built (cases that need a future time start from it). */
  now: number;
}

export type Caller = (action: string, params?: Params) => Promise<CallResult>;

export interface Fixture {
  emu: RunningEmulator;
  world: World;
  call: Caller;
  /** Back to the world as built (its resources, and no STS role). */
  restore(): void;
}

async function must(res: Promise<CallResult>, what: string): Promise<Record<string, any>> {
  const r = await res;
  if (r.status !== 200) throw new Error(`fidelity world: ${what} failed: ${r.status} ${r.text}`);
  return r.body;
}

export async function buildFixture(): Promise<Fixture> {
  const emu = await startEmulator({ clock: "manual", delayScale: 0 });
  const call: Caller = (action, params = {}) => callV1(emu.url, action, { RegionId: REGION, ...params }, { method: "POST", formBody: true });
  const vpc = defaultVpcId(REGION);
  const sg = (await must(call("CreateSecurityGroup", { VpcId: vpc, SecurityGroupName: "fidelity" }), "CreateSecurityGroup")).SecurityGroupId as string;
  const otherSg = (await must(call("CreateSecurityGroup", { VpcId: vpc }), "CreateSecurityGroup")).SecurityGroupId as string;
  const runInstance = async (extra: Params) =>
    ((await must(call("RunInstances", { ImageId: IMAGE, InstanceType: TYPE, ZoneId: ZONE, SecurityGroupId: sg, ...extra }), "RunInstances")).InstanceIdSets.InstanceIdSet as string[])[0]!;
  const running = await runInstance({ InstanceName: "running", InternetMaxBandwidthOut: 5, Tag: [{ Key: "env", Value: "test" }], DataDisk: [{ Size: 40, Category: "cloud_essd" }] });
  const stopped = await runInstance({ InstanceName: "stopped" });
  await must(call("StopInstance", { InstanceId: stopped }), "StopInstance");
  const disksOf = async (id: string) => (await must(call("DescribeDisks", { InstanceId: id }), "DescribeDisks")).Disks.Disk as Array<{ DiskId: string; Type: string }>;
  const runningDisks = await disksOf(running);
  const stoppedDisks = await disksOf(stopped);
  const disk = (await must(call("CreateDisk", { ZoneId: ZONE, Size: 40, DiskCategory: "cloud_essd" }), "CreateDisk")).DiskId as string;
  const keyPair = "fidelity-key";
  await must(call("ImportKeyPair", { KeyPairName: keyPair, PublicKeyBody: PUBLIC_KEY }), "ImportKeyPair");
  const template = (await must(call("CreateLaunchTemplate", { LaunchTemplateName: "fidelity-template", ImageId: IMAGE, InstanceType: TYPE, SecurityGroupId: sg, ZoneId: ZONE }), "CreateLaunchTemplate"))
    .LaunchTemplateId as string;
  await must(call("CreateLaunchTemplateVersion", { LaunchTemplateId: template, ImageId: IMAGE, InstanceType: TYPE, SecurityGroupId: sg, ZoneId: ZONE, VersionDescription: "second" }), "CreateLaunchTemplateVersion");
  const deploymentSet = (await must(call("CreateDeploymentSet", { DeploymentSetName: "fidelity" }), "CreateDeploymentSet")).DeploymentSetId as string;
  const world: World = {
    vpc,
    vsw: defaultVSwitchId(ZONE),
    otherZoneVsw: defaultVSwitchId("cn-hangzhou-i"),
    sg,
    otherSg,
    running,
    runningSystemDisk: runningDisks.find((d) => d.Type === "system")!.DiskId,
    runningDataDisk: runningDisks.find((d) => d.Type === "data")!.DiskId,
    stopped,
    stoppedSystemDisk: stoppedDisks.find((d) => d.Type === "system")!.DiskId,
    disk,
    keyPair,
    template,
    deploymentSet,
    now: emu.admin.now(),
  };
  const built: StateData = emu.admin.snapshot();
  const restore = (): void => {
    emu.admin.restore(built);
    emu.sts.configure({});
  };
  return { emu, world, call, restore };
}
