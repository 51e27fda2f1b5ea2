/** In-process setup shared by measures 1–3: the emulator on loopback, the process-wide client
 *  configured against it (production defaults unless a measure overrides them), a security
 *  group, and Instance inputs checked by the real provider. */
import { randomBytes } from "node:crypto";
import { DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, startEmulator, type EmulatorOptions, type RunningEmulator } from "../../emulator";
import { providerFor } from "../../provider";
import { HIDDEN_INPUTS, type HiddenInputs } from "../../provider/resources/common";
import { configureClient, type ClientOptions, type EcsClient } from "../../provider/client";
import { poller, type PollerSettings } from "../../provider/wait";
import type { InstanceInputs } from "../../provider/types/instance";
import { sum } from "./stats";

export const REGION = "cn-hangzhou";
export const ZONES = ["cn-hangzhou-h", "cn-hangzhou-i"];
export const IMAGE = "aliyun_3_x64_20G_alibase_20240528.vhd";
export const INSTANCE_TYPE = "ecs.c7.large";

export type CheckedInstance = InstanceInputs & HiddenInputs;

export const instanceProvider = () => providerFor("Instance");

type TickSettings = Partial<Pick<PollerSettings, "fastMs" | "maxMs" | "batchWindowMs">>;
let tickOverrides: TickSettings = {};

/** `--poller fastMs=500,…`: try another tick policy against the same measures (default: none). */
export function overridePollerTicks(settings: TickSettings): void {
  tickOverrides = settings;
}

/** How the poller ticks in this run, for the tables. */
export function pollerDescription(): string {
  const c = poller().config;
  const changed = Object.keys(tickOverrides).length > 0;
  return `poller ${changed ? "OVERRIDDEN with --poller" : "at production defaults"} (fastMs ${c.fastMs}, batchWindowMs ${c.batchWindowMs}, maxMs ${c.maxMs})`;
}

export async function startBenchEmulator(opts: EmulatorOptions = {}): Promise<RunningEmulator> {
  process.env.ALIBABA_CLOUD_ECS_METADATA_DISABLED = "true";
  // The poller keeps its production tick policy unless --poller says otherwise; its progress lines are silenced.
  poller().configure({ log: () => undefined, ...tickOverrides });
  return startEmulator({ port: 0, ...opts });
}

let generation = 0;

/** A fresh process-wide client against the emulator: a new userAgent makes configureClient
 *  replace the previous one, so no rate-limiter state carries over between runs. */
export function freshClient(emulator: RunningEmulator, overrides: ClientOptions = {}): EcsClient {
  return configureClient({
    accessKeyId: DEFAULT_ACCESS_KEY_ID,
    accessKeySecret: DEFAULT_ACCESS_KEY_SECRET,
    endpoint: emulator.url,
    region: REGION,
    userAgent: `pulumi-alicloud-ecs-bench/${++generation}`,
    ...overrides,
  });
}

/** Forgets every resource (and ClientToken) and zeroes the counters. */
export function resetEmulator(emulator: RunningEmulator): void {
  emulator.admin.reset();
  emulator.admin.resetCallCounts();
}

export async function createSecurityGroup(client: EcsClient): Promise<string> {
  const vpcs = await client.call<{ Vpcs: { Vpc: { VpcId: string; IsDefault: boolean | string }[] } }>("DescribeVpcs", { RegionId: REGION });
  const vpc = vpcs.Vpcs.Vpc.find((v) => v.IsDefault === true || v.IsDefault === "true") ?? vpcs.Vpcs.Vpc[0];
  const res = await client.call<{ SecurityGroupId: string }>("CreateSecurityGroup", { RegionId: REGION, VpcId: vpc.VpcId, SecurityGroupName: "bench-sg" });
  return res.SecurityGroupId;
}

/** N Instance inputs as the engine would hand them to create (after the provider's check). */
export async function checkedInstances(n: number, securityGroupId: string): Promise<CheckedInstance[]> {
  const p = instanceProvider();
  const scope = `bench/${randomBytes(4).toString("hex")}`;
  return Promise.all(
    Array.from({ length: n }, async (_, i) => {
      // The hidden identity inputs the sdk classes add (resource name, project/stack).
      const [nameKey, scopeKey] = HIDDEN_INPUTS;
      const news = { zoneId: ZONES[i % ZONES.length], imageId: IMAGE, instanceType: INSTANCE_TYPE, securityGroupIds: [securityGroupId], instanceName: `bench-${i}`, [nameKey]: `node-${i}`, [scopeKey]: scope };
      const res = await p.check!({}, news);
      if (res.failures?.length) throw new Error(`check failed: ${JSON.stringify(res.failures)}`);
      return res.inputs as CheckedInstance;
    }),
  );
}

/** The emulator's call counters, without zero entries. */
export function callCounts(emulator: RunningEmulator): Record<string, number> {
  return Object.fromEntries(Object.entries(emulator.admin.callCounts()).filter(([, n]) => n > 0));
}

export const totalCalls = (counts: Record<string, number>): number => sum(Object.values(counts));
