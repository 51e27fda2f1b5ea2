/** The shared poller against the emulator in virtual time (a manual clock shared by the poller
 *  and the emulator; no test waits on the wall clock): batching, invisibility, deadlines,
 *  back-off, progress lines and a Describe in flight. */
import { providerFor } from "../../provider";
import { poller, registerPollKind, ResourceAbsentError, WaitTimeoutError, waitForStatus } from "../../provider/wait";
import { pollKind } from "../../provider/wait/kinds";
import { IMAGE, REGION, ZONE, type Harness } from "./harness";
import { virtualTimeSuite, type ManualClock } from "./manualClock";

const p = providerFor("Instance");
const lines: string[] = [];
// Running 600 virtual ms after RunInstances; the poller with its production tick policy.
const suite = virtualTimeSuite(
  { delayScale: 1, delays: { instancePending: 300, instanceStarting: 300, instanceStopping: 200, instanceReleasing: 100 } },
  { fastMs: 250, maxMs: 5000, batchWindowMs: 50, graceMs: 3000, log: (l) => lines.push(l) },
);
let h: Harness;
let sg: string;
let clock: ManualClock;
beforeAll(() => ({ h, sg, clock } = suite));
beforeEach(() => {
  h.emulator.admin.clearFaults();
  h.emulator.admin.resetCallCounts();
});

const inputsFor = async (name: string) => (await p.check!({}, h.inputs(name, { zoneId: ZONE, imageId: IMAGE, instanceType: "ecs.t6-c1m1.large", securityGroupIds: [sg] }))).inputs;

test("50 concurrent creates share the Describe calls: at most one DescribeInstances per tick", async () => {
  const all = await Promise.all(Array.from({ length: 50 }, (_, i) => inputsFor(`fleet-${i}`)));
  const before = { ...poller().stats };
  // Time moves only once all 50 waiters have registered (as 50 creates of one `pulumi up` would).
  const waitsBefore = clock.waits;
  const created = await clock.run(Promise.all(all.map((inputs) => p.create(inputs))), () => clock.waits - waitsBefore >= 50);
  const ticks = poller().stats.ticks - before.ticks;
  const describes = h.calls("DescribeInstances");
  expect(created.every((c) => c.outs.status === "Running")).toBe(true);
  expect(new Set(created.map((c) => c.id)).size).toBe(50);
  expect(h.calls("RunInstances")).toBe(50);
  // One DescribeInstances lists the stack's owned instances for all 50 creates (identity.ts);
  // every other one is a poller tick.
  const ownershipListings = 1;
  expect(describes - ownershipListings).toBeLessThanOrEqual(ticks);
  expect(describes - ownershipListings).toBe(poller().stats.describeCalls - before.describeCalls);
  // A naive poller would send one per instance per tick; the bench measures the exact ratio.
  expect(describes / 50).toBeLessThanOrEqual(0.5);
  // tear down, also batched
  h.emulator.admin.resetCallCounts();
  const deletesBefore = clock.waits;
  await clock.run(Promise.all(created.map((c) => p.delete!(c.id, c.outs))), () => clock.waits - deletesBefore >= 50);
  expect(h.calls("DescribeInstances")).toBeLessThanOrEqual(25);
});

test("waiters that join a busy group one by one ride its ticks instead of pulling them forward", async () => {
  // 12 instances that stay Pending throughout, and a kind that records when each Describe goes out.
  h.emulator.admin.setDelays({ instancePending: 60_000 });
  const ids: string[] = [];
  try {
    for (let i = 0; i < 12; i++) {
      const res = await h.client.call<{ InstanceIdSets: { InstanceIdSet: string[] } }>("RunInstances", { RegionId: REGION, ZoneId: ZONE, ImageId: IMAGE, InstanceType: "ecs.g7.large", SecurityGroupId: sg });
      ids.push(res.InstanceIdSets.InstanceIdSet[0]);
    }
  } finally {
    h.emulator.admin.setDelays({ instancePending: 300 });
  }
  const describedAt: number[] = [];
  let describing = false;
  registerPollKind({
    kind: "TimedInstance",
    async describe(client, region, batch) {
      describedAt.push(clock.now());
      describing = true;
      try {
        return await pollKind("Instance").describe(client, region, batch);
      } finally {
        describing = false;
      }
    },
  });
  h.emulator.admin.resetCallCounts();
  const { fastMs, batchWindowMs } = poller().config;
  const gapMs = 100; // a waiter arrives every 100 virtual ms, as rate-limited creates do
  const t0 = clock.now();
  // Every arrival is a timer on the poller's clock that registers its waiter when it fires, so
  // the stream is part of virtual time; time stands still while a Describe is in flight.
  const waits = ids.map(
    (id, i) =>
      new Promise<unknown>((settled) =>
        clock.setTimer(() => {
          waitForStatus({ kind: "TimedInstance", region: REGION, id, target: ["Running"], deadline: clock.now() + 3000, label: `stream-${i}` }).then(settled, settled);
        }, i * gapMs),
      ),
  );
  const ended = await clock.run(Promise.all(waits), () => !describing);
  expect(ended.every((e) => e instanceof WaitTimeoutError)).toBe(true);
  expect(h.calls("DescribeInstances")).toBe(describedAt.length);
  // The first waiter found the group idle: its tick came within the batch window.
  expect(describedAt[0] - t0).toBe(batchWindowMs);
  // While the stream lasted (11 arrivals over 1.1 s) the group kept its cadence: no two ticks
  // closer than fastMs. Pulling the tick to the batch window per arrival would tick every 100 ms.
  const lastArrival = t0 + (ids.length - 1) * gapMs;
  const during = describedAt.filter((t) => t <= lastArrival);
  expect(during.length).toBeLessThanOrEqual(1 + Math.ceil((lastArrival - describedAt[0]) / fastMs));
  expect(during.length).toBeLessThan(ids.length / 2);
  for (let i = 1; i < during.length; i++) expect(describedAt[i] - describedAt[i - 1]).toBeGreaterThanOrEqual(fastMs);
  for (const id of ids) h.emulator.admin.deleteResource("instance", id);
});

test("a resource invisible for a while after create still succeeds", async () => {
  h.emulator.admin.injectFault({ type: "invisible", action: "RunInstances", invisibleMs: 800 });
  const created = await clock.run(p.create(await inputsFor("shy")));
  expect(created.outs.status).toBe("Running");
  expect(h.calls("DescribeInstances")).toBeGreaterThanOrEqual(2); // it was absent at first, and waited for
  await clock.run(p.delete!(created.id, created.outs));
});

test("a deadline names the resource, its status and the awaited one", async () => {
  h.emulator.admin.setDelays({ instancePending: 60_000 });
  try {
    const res = await h.client.call<{ InstanceIdSets: { InstanceIdSet: string[] } }>("RunInstances", { RegionId: REGION, ZoneId: ZONE, ImageId: IMAGE, InstanceType: "ecs.g7.large", SecurityGroupId: sg });
    const id = res.InstanceIdSets.InstanceIdSet[0];
    lines.length = 0;
    poller().configure({ progressAfterMs: 100, progressEveryMs: 300 });
    const started = clock.now();
    const err = await clock.run(waitForStatus({ kind: "Instance", region: REGION, id, target: ["Running"], deadline: clock.now() + 1500, label: 'Instance "slow"' }).catch((e: unknown) => e));
    expect(err).toBeInstanceOf(WaitTimeoutError);
    expect((err as Error).message).toMatch(new RegExp(`Instance "slow" \\(${id}\\) did not reach Running within \\d+s: it is Pending`));
    const waited = clock.now() - started;
    expect(waited).toBeGreaterThanOrEqual(1500);
    expect(waited).toBeLessThanOrEqual(1501); // the last tick lands on the deadline, not a tick later
    // progress went to the log at a modest rate, naming what it waits for
    expect(lines.length).toBeGreaterThanOrEqual(1);
    expect(lines.length).toBeLessThanOrEqual(Math.ceil(waited / 300) + 1);
    expect(lines[0]).toMatch(/Instance "slow" \(i-[a-z0-9]+\) is Pending, waiting for Running/);
    h.emulator.admin.deleteResource("instance", id);
  } finally {
    h.emulator.admin.setDelays({ instancePending: 300 });
    poller().configure({ progressAfterMs: 5000, progressEveryMs: 15_000 });
  }
});

test("backs off while nothing changes", async () => {
  h.emulator.admin.setDelays({ instancePending: 60_000 });
  try {
    const res = await h.client.call<{ InstanceIdSets: { InstanceIdSet: string[] } }>("RunInstances", { RegionId: REGION, ZoneId: ZONE, ImageId: IMAGE, InstanceType: "ecs.g7.large", SecurityGroupId: sg });
    const id = res.InstanceIdSets.InstanceIdSet[0];
    poller().configure({ fastMs: 50, maxMs: 1000 });
    const before = poller().stats.ticks;
    await expect(clock.run(waitForStatus({ kind: "Instance", region: REGION, id, target: ["Running"], deadline: clock.now() + 3000, label: "x" }))).rejects.toThrow(WaitTimeoutError);
    const ticks = poller().stats.ticks - before;
    expect(ticks).toBeGreaterThanOrEqual(3);
    expect(ticks).toBeLessThan(3000 / 50 / 3); // far fewer than polling every 50 ms
    h.emulator.admin.deleteResource("instance", id);
  } finally {
    h.emulator.admin.setDelays({ instancePending: 300 });
    poller().configure({ fastMs: 250, maxMs: 5000 });
  }
});

test("absent beyond the grace period is an error; absent is success when awaited", async () => {
  const started = clock.now();
  const err = await clock.run(waitForStatus({ kind: "Instance", region: REGION, id: "i-doesnotexist0000000", target: ["Running"], deadline: clock.now() + 5000, label: "ghost", graceMs: 200 }).catch((e: unknown) => e));
  expect(err).toBeInstanceOf(ResourceAbsentError);
  const waited = clock.now() - started;
  expect(waited).toBeGreaterThanOrEqual(200); // not before the grace period ended
  expect(waited).toBeLessThan(5000); // and well before the deadline
  expect(await clock.run(waitForStatus({ kind: "Instance", region: REGION, id: "i-doesnotexist0000000", target: "absent", deadline: clock.now() + 5000, label: "ghost" }))).toBe("absent");
});

test("a waiter that registers while a Describe is in flight is not judged by that answer", async () => {
  const [a, b] = await clock.run(Promise.all([p.create(await inputsFor("steady-a")), p.create(await inputsFor("steady-b"))]));
  // A poll kind whose first Describe is held until the test opens the gate (the poller's own seam).
  let describing!: () => void;
  const inFlight = new Promise<void>((r) => (describing = r));
  let open!: () => void;
  const gate = new Promise<void>((r) => (open = r));
  registerPollKind({
    kind: "GatedInstance",
    async describe(client, region, ids) {
      describing();
      await gate;
      return pollKind("Instance").describe(client, region, ids);
    },
  });
  const first = waitForStatus({ kind: "GatedInstance", region: REGION, id: a.id, target: ["Running"], deadline: clock.now() + 5000, label: "first" });
  await clock.timerSet();
  clock.fireNext(); // the first tick: its Describe asks about a only
  await inFlight;
  const late = waitForStatus({ kind: "GatedInstance", region: REGION, id: b.id, target: "absent", deadline: clock.now() + 1500, label: "late" }).catch((e: unknown) => e);
  open();
  expect(await clock.run(first)).toBe("Running");
  // b exists: it must never be taken for deleted because an answer about a lacked it.
  expect(await clock.run(late)).toBeInstanceOf(WaitTimeoutError);
  await clock.run(Promise.all([p.delete!(a.id, a.outs), p.delete!(b.id, b.outs)]));
});
