/** Batched reads (provider/wait/reads.ts) against the emulator in virtual time: concurrent reads
 *  of a kind share one Describe per batch, the batch window follows the arrivals, absence is
 *  reported at once (no grace period), one bad id does not fail its batch, and the resources'
 *  reads (refresh, create, import) use the batches. */
import { providerFor } from "../../provider";
import { EcsError } from "../../provider/client";
import { describeAllBatched, describeBatched, poller, registerReadKind } from "../../provider/wait";
import { pollKind } from "../../provider/wait/kinds";
import { IMAGE, REGION, ZONE, type Harness } from "./harness";
import { virtualTimeSuite, type ManualClock } from "./manualClock";

type Bag = Record<string, unknown>;

const instances = providerFor("Instance");
const disks = providerFor("Disk");
const keyPairs = providerFor("KeyPair");
const suite = virtualTimeSuite(
  { delayScale: 1, delays: { instancePending: 300, instanceStarting: 300, instanceStopping: 100, instanceReleasing: 100, diskCreating: 100, diskAttaching: 100, diskDetaching: 100 } },
  { fastMs: 250, maxMs: 2000, batchWindowMs: 50, readQuietMs: 25, readWaveQuietMs: 60, readMaxWaitMs: 250 },
);
let h: Harness;
let sg: string;
let clock: ManualClock;
beforeAll(() => ({ h, sg, clock } = suite));
beforeEach(() => h.emulator.admin.resetCallCounts());

/** n instances made with RunInstances directly (no provider, no reads). */
async function runInstances(n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let left = n; left > 0; left -= 100) {
    const res = await h.client.call<{ InstanceIdSets: { InstanceIdSet: string[] } }>("RunInstances", { RegionId: REGION, ZoneId: ZONE, ImageId: IMAGE, InstanceType: "ecs.g7.large", SecurityGroupId: sg, Amount: Math.min(100, left) });
    ids.push(...res.InstanceIdSets.InstanceIdSet);
  }
  return ids;
}

/** Starts `read` at each of the given virtual times (ms from now), then runs virtual time until
 *  all settle. Time moves on only once every read started so far has reached the batcher (a
 *  read first finds its region, which takes a few promise turns). */
function arrivals<T>(at: readonly number[], read: (i: number) => Promise<T>): Promise<T[]> {
  const before = poller().reads.stats.reads;
  let started = 0;
  const work = Promise.all(
    at.map(
      (ms, i) =>
        new Promise<T>((resolve, reject) =>
          clock.setTimer(() => {
            started++;
            read(i).then(resolve, reject);
          }, ms),
        ),
    ),
  );
  return clock.run(work, () => poller().reads.stats.reads - before >= started);
}

test("120 reads at once: one DescribeInstances per 100 ids, every read gets its own record", async () => {
  const ids = await runInstances(120);
  h.emulator.admin.resetCallCounts();
  const before = { ...poller().reads.stats };
  const records = await arrivals(ids.map(() => 0), (i) => describeBatched(INSTANCE, REGION, ids[i]));
  expect(records.map((r) => r?.InstanceId)).toEqual(ids);
  expect(h.calls("DescribeInstances")).toBe(2);
  expect(poller().reads.stats.describeCalls - before.describeCalls).toBe(2);
  expect(poller().reads.stats.reads - before.reads).toBe(120);
});

test("the window ends after readQuietMs without a newcomer, and at the latest readMaxWaitMs after the first", async () => {
  const ids = await runInstances(30);
  h.emulator.admin.resetCallCounts();
  // A wave arriving 10 ms apart, a lull, then a stragglers' wave: two Describes.
  await arrivals([0, 10, 20, 30, 200, 210], (i) => describeBatched(INSTANCE, REGION, ids[i]));
  expect(h.calls("DescribeInstances")).toBe(2);
  h.emulator.admin.resetCallCounts();
  // A steady trickle (every 20 ms, never a 25 ms lull) is cut at 250 ms: 30 reads over 580 ms → 3
  // (the last, smaller than the batch before it, waits for a lull of readWaveQuietMs).
  const sentAt: number[] = [];
  const t0 = clock.now();
  registerReadKind({
    kind: "TimedInstance",
    batchSize: 100,
    describe: async (client, region, batch) => {
      sentAt.push(clock.now() - t0);
      return new Map([...(await pollKind(INSTANCE).describe(client, region, batch))].map(([id, r]) => [id, typeof r === "string" ? r : r.data]));
    },
  });
  await arrivals(ids.map((_, i) => i * 20), (i) => describeBatched("TimedInstance", REGION, ids[i]));
  expect(sentAt).toEqual([250, 510, 580 + 60]);
});

test("an id ECS does not list resolves undefined at the first answer (no grace period)", async () => {
  const [id] = await runInstances(1);
  const started = clock.now();
  const [found, absent] = await arrivals([0, 0], (i) => describeBatched(INSTANCE, REGION, i === 0 ? id : "i-doesnotexist000000"));
  expect(found?.InstanceId).toBe(id);
  expect(absent).toBeUndefined();
  expect(clock.now() - started).toBeLessThanOrEqual(25);
});

test("one id that ECS refuses fails alone: the rest of its batch is asked again id by id", async () => {
  const ids = await runInstances(3);
  let calls = 0;
  registerReadKind({
    kind: "PickyInstance",
    batchSize: 100,
    describe: async (client, region, batch) => {
      calls++;
      if (batch.includes("bad-id")) throw new EcsError({ action: "DescribeInstances", httpStatus: 400, code: "InvalidInstanceId.Malformed", ecsMessage: "The specified InstanceId is malformed.", requestId: "r-1" });
      return new Map([...(await pollKind(INSTANCE).describe(client, region, batch))].map(([id, r]) => [id, typeof r === "string" ? r : r.data]));
    },
  });
  const all = [...ids, "bad-id"];
  const results = await arrivals(
    all.map(() => 0),
    (i) => describeBatched("PickyInstance", REGION, all[i]).then((r) => r?.InstanceId, (e: Error) => e),
  );
  expect(results.slice(0, 3)).toEqual(ids);
  expect(results[3]).toBeInstanceOf(EcsError);
  expect(calls).toBe(1 + all.length); // the batch, then each id on its own
});

test("refresh: 60 instances with a data disk each read in one DescribeInstances, one DescribeDisks per 100 disk ids, one DescribeInstanceRamRole per 50 instances and no DescribeUserData", async () => {
  const n = 60;
  const base = { zoneId: ZONE, imageId: IMAGE, instanceType: "ecs.g7.large", securityGroupIds: [sg] };
  const made = await clock.run(Promise.all(Array.from({ length: n }, async (_, i) => instances.create((await instances.check!({}, h.inputs(`r-${i}`, { ...base, instanceName: `r-${i}`, dataDisks: [{ category: "cloud_essd", size: 20 }] }))).inputs))));
  h.emulator.admin.resetCallCounts();
  const read = await arrivals(made.map(() => 0), (i) => instances.read!(made[i].id, made[i].outs as never));
  expect(read.map((r) => (r.props as Bag).dataDiskIds)).toEqual(made.map((m) => (m.outs as Bag).dataDiskIds));
  expect(read.every((r, i) => (r.props as Bag).systemDiskId === (made[i].outs as Bag).systemDiskId)).toBe(true);
  expect(h.calls("DescribeInstances")).toBe(1);
  expect(h.calls("DescribeDisks")).toBe(2); // 120 disk ids
  expect(h.calls("DescribeInstanceRamRole")).toBe(2); // 50 instances per call
  expect(h.calls("DescribeUserData")).toBe(0); // their states hold no user data (ECS would read it one instance at a time)
  await clock.run(Promise.all(made.map((m) => instances.delete!(m.id, m.outs))));
});

test("RAM roles: one DescribeInstanceRamRole for the batch; an instance released meanwhile is asked for alone and reads as not found", async () => {
  const ids = await runInstances(3);
  await h.client.call("AttachInstanceRamRole", { RegionId: REGION, InstanceIds: JSON.stringify([ids[0]]), RamRoleName: "EcsReader" });
  h.emulator.admin.resetCallCounts();
  const roles = await arrivals([0, 0], (i) => describeBatched<string>("InstanceRamRole", REGION, ids[i]));
  expect(roles).toEqual(["EcsReader", ""]);
  expect(h.calls("DescribeInstanceRamRole")).toBe(1);
  h.emulator.admin.deleteResource("instance", ids[2]);
  h.emulator.admin.resetCallCounts();
  const mixed = await arrivals([0, 0], (i) => describeBatched<string>("InstanceRamRole", REGION, ids[i * 2]).catch((e: EcsError) => e.code));
  expect(mixed).toEqual(["EcsReader", "InvalidInstanceId.NotFound"]);
  expect(h.calls("DescribeInstanceRamRole")).toBe(3); // the batch, then each id on its own
  for (const id of ids.slice(0, 2)) h.emulator.admin.deleteResource("instance", id);
});

test("create: the disks of instances created together come from one DescribeDisks listing, not one call each", async () => {
  const n = 20;
  const base = { zoneId: ZONE, imageId: IMAGE, instanceType: "ecs.g7.large", securityGroupIds: [sg] };
  const inputs = await Promise.all(Array.from({ length: n }, async (_, i) => (await instances.check!({}, h.inputs(`c-${i}`, { ...base, instanceName: `c-${i}` }))).inputs));
  h.emulator.admin.resetCallCounts();
  const waitsBefore = clock.waits;
  const made = await clock.run(Promise.all(inputs.map((i) => instances.create(i))), () => clock.waits - waitsBefore >= n);
  expect(h.calls("RunInstances")).toBe(n);
  expect(h.calls("DescribeDisks")).toBeLessThanOrEqual(2);
  for (const m of made) expect((m.outs as Bag).systemDiskId).toMatch(/^d-/);
  // Each got its own system disk, the one ECS attached to it.
  const sys = await clock.run(describeAllBatched("Disk", REGION, made.map((m) => String((m.outs as Bag).systemDiskId))));
  for (const m of made) expect(sys.get(String((m.outs as Bag).systemDiskId))?.InstanceId).toBe(m.id);
  await clock.run(Promise.all(made.map((m) => instances.delete!(m.id, m.outs))));
});

test("import: an instance whose disks the state does not name costs one DescribeDisks of its own (the floor)", async () => {
  const ids = await runInstances(3);
  h.emulator.admin.resetCallCounts();
  const imported = await arrivals(ids.map(() => 0), (i) => instances.read!(`${REGION}/${ids[i]}`, {} as never));
  expect(imported.map((r) => r.id)).toEqual(ids);
  expect(h.calls("DescribeInstances")).toBe(1);
  expect(h.calls("DescribeDisks")).toBe(3);
  for (const id of ids) h.emulator.admin.deleteResource("instance", id);
});

test("a system disk replaced out of band: the read falls back to the instance's own DescribeDisks and reports the new one", async () => {
  const base = { zoneId: ZONE, imageId: IMAGE, instanceType: "ecs.g7.large", securityGroupIds: [sg], status: "Stopped" };
  const made = await clock.run(instances.check!({}, h.inputs("replaced", base)).then((c) => instances.create(c.inputs)));
  await h.client.call("ReplaceSystemDisk", { RegionId: REGION, InstanceId: made.id });
  h.emulator.admin.resetCallCounts();
  const [read] = await arrivals([0], () => instances.read!(made.id, made.outs as never));
  expect((read.props as Bag).systemDiskId).not.toBe((made.outs as Bag).systemDiskId);
  expect((read.props as Bag).systemDiskId).toMatch(/^d-/);
  expect(h.calls("DescribeDisks")).toBe(2); // the state's ids, then the instance's own listing
  await clock.run(instances.delete!(made.id, read.props as never));
});

test("Disk reads share DescribeDisks DiskIds; a disk deleted out of band reads as gone", async () => {
  const made = await clock.run(Promise.all([0, 1, 2].map(async (i) => disks.create((await disks.check!({}, h.inputs(`d-${i}`, { zoneId: ZONE, category: "cloud_essd", size: 20 }))).inputs))));
  h.emulator.admin.deleteResource("disk", made[2].id);
  h.emulator.admin.resetCallCounts();
  const read = await arrivals(made.map(() => 0), (i) => disks.read!(made[i].id, made[i].outs as never));
  expect(read.map((r) => r.id)).toEqual([made[0].id, made[1].id, undefined]);
  expect(h.calls("DescribeDisks")).toBe(1);
  await clock.run(Promise.all(made.slice(0, 2).map((m) => disks.delete!(m.id, m.outs))));
});

test("key pairs: names with a common prefix are read in one DescribeKeyPairs listing; others one by one", async () => {
  const names = Array.from({ length: 12 }, (_, i) => `fleet-key-${i}`);
  await Promise.all(names.map((n) => h.client.call("CreateKeyPair", { RegionId: REGION, KeyPairName: n })));
  await h.client.call("CreateKeyPair", { RegionId: REGION, KeyPairName: "other-key" });
  h.emulator.admin.resetCallCounts();
  const asked = [...names, "fleet-key-gone"];
  const read = await arrivals(asked.map(() => 0), (i) => keyPairs.read!(asked[i], {} as never));
  expect(read.map((r) => r.id)).toEqual([...names, undefined]);
  expect(h.calls("DescribeKeyPairs")).toBe(1);
  h.emulator.admin.resetCallCounts();
  const mixed = await arrivals([0, 0], (i) => keyPairs.read!(i === 0 ? names[0] : "other-key", {} as never));
  expect(mixed.map((r) => r.id)).toEqual([names[0], "other-key"]);
  expect(h.calls("DescribeKeyPairs")).toBe(2); // no common prefix: the floor, one per name
  await h.client.call("DeleteKeyPairs", { RegionId: REGION, KeyPairNames: JSON.stringify([...names, "other-key"]) });
});

const INSTANCE = "Instance";

test("after a batch, the next wave waits for a longer lull while it is smaller than that batch", async () => {
  const ids = await runInstances(16);
  const sentAt: number[] = [];
  registerReadKind({
    kind: "WaveInstance",
    batchSize: 100,
    describe: async (client, region, batch) => {
      sentAt.push(batch.length);
      return new Map([...(await pollKind(INSTANCE).describe(client, region, batch))].map(([id, r]) => [id, typeof r === "string" ? r : r.data]));
    },
  });
  // A first wave of 8 at once; then, once it is answered, 8 more with 30 ms gaps (longer than
  // readQuietMs 25, shorter than readWaveQuietMs 60): one batch each, not one per read.
  await arrivals(ids.slice(0, 8).map(() => 0), (i) => describeBatched("WaveInstance", REGION, ids[i]));
  await arrivals(ids.slice(8).map((_, i) => i * 30), (i) => describeBatched("WaveInstance", REGION, ids[8 + i]));
  expect(sentAt).toEqual([8, 8]);
});
