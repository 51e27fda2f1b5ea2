/** The write-ahead journal: every acknowledged write is on disk before its answer, so a copy of the
 *  files taken right after the answer (what a SIGKILL leaves behind; test/emulator/cli.test.ts kills
 *  a real process) restores it. */
import { appendFileSync, copyFileSync, existsSync, mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { jsonArray, type Params } from "../../provider/client/params";
import { callV1, createSecurityGroup, ok, type CallResult } from "./helpers";

const dir = mkdtempSync(join(tmpdir(), "ecs-emu-journal-"));
let n = 0;

/** The files as a crash would leave them now: state file (if any) and journal, copied aside. */
function crashCopy(stateFile: string): string {
  const copy = join(dir, `crash-${++n}.json`);
  if (existsSync(stateFile)) copyFileSync(stateFile, copy);
  copyFileSync(`${stateFile}.journal`, `${copy}.journal`);
  return copy;
}

type Call = (action: string, params?: Params) => Promise<CallResult<Record<string, any>>>;

async function withEmulator<T>(stateFile: string, fn: (emu: RunningEmulator, call: Call) => Promise<T>): Promise<T> {
  const emu = await startEmulator({ stateFile, clock: "manual", delayScale: 0 });
  try {
    return await fn(emu, (a, p = {}) => callV1(emu.url, a, { RegionId: "cn-hangzhou", ...p }));
  } finally {
    await emu.close();
  }
}

it("an acknowledged create, modify, delete and ClientToken survive a crash right after the answer", async () => {
  const stateFile = join(dir, "state.json");
  const { copy, kept, gone, sg } = await withEmulator(stateFile, async (emu, call) => {
    const sg = await createSecurityGroup(emu.url);
    const kept = ok(await call("CreateDisk", { ZoneId: "cn-hangzhou-h", Size: 20, DiskName: "kept", ClientToken: "tok-1" })).DiskId as string;
    const gone = ok(await call("CreateDisk", { ZoneId: "cn-hangzhou-h", Size: 20 })).DiskId as string;
    ok(await call("ModifyDiskAttribute", { DiskId: kept, Description: "after create" }));
    ok(await call("DeleteDisk", { DiskId: gone }));
    emu.admin.advanceClock(5000);
    return { copy: crashCopy(stateFile), kept, gone, sg };
  });
  // The clean close above compacted the journal into the state file.
  expect(statSync(`${stateFile}.journal`).size).toBe(0);

  await withEmulator(copy, async (emu, call) => {
    const disks = ok(await call("DescribeDisks", { DiskIds: jsonArray([kept, gone]) })).Disks.Disk;
    expect(disks.map((d: { DiskId: string; Description: string }) => [d.DiskId, d.Description])).toEqual([[kept, "after create"]]);
    expect(ok(await call("DescribeSecurityGroups", { SecurityGroupIds: jsonArray([sg]) })).TotalCount).toBe(1);
    // The remembered ClientToken answers with the first disk, not a second one.
    expect(ok(await call("CreateDisk", { ZoneId: "cn-hangzhou-h", Size: 20, DiskName: "kept", ClientToken: "tok-1" })).DiskId).toBe(kept);
    expect(emu.admin.now()).toBeGreaterThanOrEqual(5000);
  });
});

it("journals out-of-band changes (admin) and ignores a line torn by the kill", async () => {
  const stateFile = join(dir, "admin.json");
  const copy = await withEmulator(stateFile, async (emu, call) => {
    const a = ok(await call("CreateDisk", { ZoneId: "cn-hangzhou-h", Size: 20, DiskName: "before" })).DiskId as string;
    const b = ok(await call("CreateDisk", { ZoneId: "cn-hangzhou-h", Size: 20 })).DiskId as string;
    emu.admin.modifyResource("disk", a, { name: "drifted" });
    emu.admin.deleteResource("disk", b);
    const copy = crashCopy(stateFile);
    appendFileSync(`${copy}.journal`, '{"a":"ecs-emulator","r":{"cn-hangzhou":{"disks":{"d-torn"'); // half a line
    return copy;
  });
  await withEmulator(copy, async (_emu, call) => {
    const names = ok(await call("DescribeDisks", {})).Disks.Disk.map((d: { DiskName: string }) => d.DiskName);
    expect(names).toEqual(["drifted"]);
  });
});

it("an admin reset is journaled too", async () => {
  const stateFile = join(dir, "reset.json");
  const copy = await withEmulator(stateFile, async (emu, call) => {
    ok(await call("CreateDisk", { ZoneId: "cn-hangzhou-h", Size: 20 }));
    emu.admin.reset();
    ok(await call("CreateDisk", { ZoneId: "cn-hangzhou-h", Size: 30 }));
    return crashCopy(stateFile);
  });
  await withEmulator(copy, async (_emu, call) => {
    expect(ok(await call("DescribeDisks", {})).Disks.Disk.map((d: { Size: number }) => d.Size)).toEqual([30]);
  });
});

it("an admin restore is journaled too", async () => {
  const stateFile = join(dir, "restore.json");
  const copy = await withEmulator(stateFile, async (emu, call) => {
    ok(await call("CreateDisk", { ZoneId: "cn-hangzhou-h", Size: 40 }));
    const saved = emu.admin.snapshot();
    ok(await call("CreateDisk", { ZoneId: "cn-hangzhou-h", Size: 50 }));
    emu.admin.restore(saved);
    return crashCopy(stateFile);
  });
  await withEmulator(copy, async (_emu, call) => {
    expect(ok(await call("DescribeDisks", {})).Disks.Disk.map((d: { Size: number }) => d.Size)).toEqual([40]);
  });
});

it("journal lines hold only what a write changed", async () => {
  const stateFile = join(dir, "small.json");
  await withEmulator(stateFile, async (_emu, call) => {
    for (let i = 0; i < 20; i++) ok(await call("CreateDisk", { ZoneId: "cn-hangzhou-h", Size: 20 }));
    const before = readFileSync(`${stateFile}.journal`, "utf8").length;
    ok(await call("CreateDisk", { ZoneId: "cn-hangzhou-h", Size: 20 }));
    const line = readFileSync(`${stateFile}.journal`, "utf8").slice(before);
    expect(line.trim().split("\n")).toHaveLength(1);
    expect(Object.keys(JSON.parse(line).r["cn-hangzhou"].disks)).toHaveLength(1);
  });
});
