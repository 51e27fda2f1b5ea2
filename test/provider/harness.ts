/** Shared setup of the provider tests: an in-process emulator on a free port (instant status
 *  transitions unless asked otherwise), the shared client configured against it with real
 *  signatures, and a fast poller. Helpers create the prerequisites ECS needs (a security group). */
import { DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, startEmulator, type EmulatorOptions, type RunningEmulator } from "../../emulator";
import type * as pulumi from "@pulumi/pulumi";
import { configureClient, getClient, type ClientOptions, type EcsClient } from "../../provider/client";
import { clearCatalog, configureCatalogChecks } from "../../provider/resources/common/catalog";
import { clearOwnedListings, ownerOf, type HiddenInputs } from "../../provider/resources/common/identity";
import type { ResourceSpec } from "../../provider/spec/types";
import { poller, type PollerSettings } from "../../provider/wait";

export const REGION = "cn-hangzhou";
export const ZONE = "cn-hangzhou-h";
export const IMAGE = "ubuntu_22_04_x64_20G_alibase_20240130.vhd";

export interface Harness {
  emulator: RunningEmulator;
  client: EcsClient;
  /** Adds the hidden identity inputs the sdk class would add. */
  inputs<T extends object>(name: string, args: T): T & { __ecsName: string; __ecsScope: string };
  /** Calls of an action since the last resetCallCounts. */
  calls(action: string): number;
  securityGroup(): Promise<string>;
  close(): Promise<void>;
}

export async function startHarness(opts: EmulatorOptions = {}, pollerSettings: Partial<PollerSettings> = {}): Promise<Harness> {
  process.env.ALIBABA_CLOUD_ECS_METADATA_DISABLED = "true";
  const emulator = await startEmulator({ delayScale: 0, ...opts });
  configureClient({
    accessKeyId: DEFAULT_ACCESS_KEY_ID,
    accessKeySecret: DEFAULT_ACCESS_KEY_SECRET,
    endpoint: emulator.url,
    region: REGION,
    rateLimit: 0,
    retryBaseDelayMs: 5,
    retryMaxDelayMs: 50,
  });
  poller().configure({ fastMs: 10, maxMs: 200, batchWindowMs: 5, graceMs: 1500, readQuietMs: 2, readWaveQuietMs: 5, readMaxWaitMs: 20, log: () => undefined, ...pollerSettings });
  const client = getClient();
  return {
    emulator,
    client,
    inputs: (name, args) => ({ ...args, __ecsName: name, __ecsScope: "test/dev" }),
    calls: (action) => emulator.admin.callCounts()[action] ?? 0,
    async securityGroup() {
      const res = await client.call<{ SecurityGroupId: string }>("CreateSecurityGroup", { RegionId: REGION, VpcId: await defaultVpc(client), SecurityGroupName: "test-sg" });
      return res.SecurityGroupId;
    },
    async close() {
      await emulator.close();
    },
  };
}

async function defaultVpc(client: EcsClient): Promise<string> {
  const res = await client.call<{ Vpcs: { Vpc: { VpcId: string; IsDefault: boolean | string }[] } }>("DescribeVpcs", { RegionId: REGION });
  const vpc = res.Vpcs.Vpc.find((v) => v.IsDefault === true || v.IsDefault === "true") ?? res.Vpcs.Vpc[0];
  return vpc.VpcId;
}

/** True if the value holds undefined anywhere: the engine's protobuf Struct rejects it
 *  ("Unexpected struct type"), so no provider result may. */
export function hasUndefined(v: unknown): boolean {
  if (v === undefined) return true;
  if (Array.isArray(v)) return v.some(hasUndefined);
  if (v !== null && typeof v === "object") return Object.values(v).some(hasUndefined);
  return false;
}

/** The client settings startHarness configures (tests that reconfigure the client restore them). */
export function harnessClientOptions(emulatorUrl: string): ClientOptions {
  return {
    accessKeyId: DEFAULT_ACCESS_KEY_ID,
    accessKeySecret: DEFAULT_ACCESS_KEY_SECRET,
    endpoint: emulatorUrl,
    region: REGION,
    rateLimit: 0,
    retryBaseDelayMs: 5,
    retryMaxDelayMs: 50,
  };
}

export type Bag = Record<string, unknown>;

export interface ProviderSuite {
  /** The suite's harness; usable inside tests and hooks (it is started in beforeAll). */
  h: Harness;
  /** Runs the provider's check with the hidden identity inputs, expects no failures, returns the inputs. */
  checked(name: string, args: Bag, olds?: Bag): Promise<Bag>;
}

/** Registers the hooks every resource suite uses: a harness for the suite, faults cleared and call
 *  counters reset before each test; and a `checked` helper bound to `provider`. */
export function providerSuite(provider: pulumi.dynamic.ResourceProvider, opts: EmulatorOptions = {}): ProviderSuite {
  let started: Harness | undefined;
  const current = (): Harness => {
    if (!started) throw new Error("the suite's harness is not started yet (use it inside tests or hooks)");
    return started;
  };
  beforeAll(async () => {
    started = await startHarness(opts);
  });
  afterAll(async () => started?.close());
  beforeEach(() => {
    current().emulator.admin.clearFaults();
    current().emulator.admin.resetCallCounts();
  });
  // Forwards to the started harness, so test files can hold it before beforeAll has run.
  const h: Harness = {
    get emulator() {
      return current().emulator;
    },
    get client() {
      return current().client;
    },
    inputs: (name, args) => current().inputs(name, args),
    calls: (action) => current().calls(action),
    securityGroup: () => current().securityGroup(),
    close: () => current().close(),
  };
  return {
    h,
    async checked(name, args, olds = {}) {
      const res = await provider.check!(olds, h.inputs(name, args));
      expect(res.failures).toEqual([]);
      return res.inputs as Bag;
    },
  };
}

/** A check failure as the engine receives it. */
export interface Failure {
  property: string;
  reason: string;
}

/** The property path a failure names: in `property` for a top-level property the engine can show,
 *  else (a nested path, a secret) at the start of the reason. */
export const failurePath = (f: Failure): string => f.property || f.reason.slice(0, Math.max(0, f.reason.indexOf(": ")));

/** The failure naming `path`, if any. */
export const failureAt = (failures: readonly Failure[] | undefined, path: string): Failure | undefined => (failures ?? []).find((f) => failurePath(f) === path);

/** A failure names its property exactly once: in `property` (the engine prints it) or, with an
 *  empty property, at the start of the reason; never both. */
export const namesPropertyOnce = (f: Failure): boolean => (f.property ? !f.reason.includes(`${f.property}: `) : /^[\w.[\]"]+: /.test(f.reason));

/** Runs `fn` with the preview-time catalogue checks off: for tests of diff semantics that use
 *  values no catalogue holds (another VPC, a zone of another region). */
export async function withoutCatalogChecks<T>(fn: () => Promise<T>): Promise<T> {
  configureCatalogChecks(false);
  try {
    return await fn();
  } finally {
    configureCatalogChecks(true);
  }
}

/** What a new provider process starts without: the ownership listings and catalogue lookups of
 *  the previous one (a re-run after a crash is a new process). */
export function newProviderProcess(): void {
  clearOwnedListings();
  clearCatalog();
}

/** Puts back the "creating" mark of a resource's ownership tag: the state a run leaves when it
 *  dies after the resource is ready and before its create returned (so the state never got it). */
export async function interruptBeforeRecorded(client: EcsClient, spec: Pick<ResourceSpec, "kind" | "tagResourceType">, id: string, hidden: HiddenInputs): Promise<void> {
  const owner = ownerOf(spec.kind, hidden);
  if (!owner || !spec.tagResourceType) throw new Error(`${spec.kind} carries no ownership tag`);
  await client.call("AddTags", { RegionId: REGION, ResourceType: spec.tagResourceType, ResourceId: id, Tag: [{ Key: owner.key, Value: owner.creating }] });
}
