/** The fault matrix: cells that each run the fixture stack (test/e2e/programs/chaos, twelve
 *  resources of every kind) through the real Pulumi CLI under one kind of fault, then assert the
 *  invariants (invariants.ts). `make test` runs them grouped (test/e2e/chaos.test.ts); `make chaos`
 *  runs each alone next to a no-fault run and prints wall time and API calls per cell. */
import { randomBytes } from "node:crypto";
import type { UpResult } from "@pulumi/pulumi/automation";
import type { FaultSpec } from "../../../emulator";
import { defaultVpcId, defaultVSwitchId } from "../../../emulator/catalog";
import { ACTION_RULES, actionRule, EcsClient, type Params } from "../../../provider/client";
import { killDuring } from "../cliProcess";
import { createStack, exampleDir, newCredentials, OutputLog, type Credentials, type E2eStack } from "../harness";
import { inProcessCloud, processCloud, type Cloud, type ProcessCloud } from "./cloud";
import { cloudIds, converged, DEPLOYED, excess, exportedState, leakedSecrets, NOTHING, verdict, type Counts, type Verdict } from "./invariants";

export const PROGRAM = "test/e2e/programs/chaos";
const PROGRAM_DIR = exampleDir(PROGRAM);
/** The provider's visibility grace (20 s by default), and the emulated time the pump moves per real
 *  second, both scaled down ten times: invisibility of N emulated seconds lasts N/10 real seconds,
 *  against a grace of 20/10, as N seconds would against 20 on the real cloud. */
const TIME_SCALE = 10;
const GRACE = `${20 / TIME_SCALE}s`;

export const CREATES = ["RunInstances", "CreateDisk", "CreateSecurityGroup", "CreateDeploymentSet", "ImportKeyPair", "CreateLaunchTemplate"];
export const ATTACHES = ["AttachDisk", "DetachDisk", "JoinSecurityGroup", "LeaveSecurityGroup", "AuthorizeSecurityGroup", "AuthorizeSecurityGroupEgress", "RevokeSecurityGroup", "AttachInstanceRamRole"];
export const DELETES = ["DeleteInstance", "DeleteDisk", "DeleteSecurityGroup", "DeleteKeyPairs", "DeleteLaunchTemplate", "DeleteDeploymentSet"];
/** The in-place changes of generation 2 (CreateLaunchTemplateVersion is unsafe to repeat: apart). */
export const MODIFIES = [
  "ModifyInstanceAttribute", "ModifyInstanceNetworkSpec", "ModifyInstanceDeployment", "ModifyDiskAttribute", "ResizeDisk", "ModifySecurityGroupAttribute",
  "ModifyLaunchTemplateDefaultVersion", "ModifyDeploymentSetAttribute", "StopInstance", "AddTags", "RemoveTags",
];

/** One cell's world: its own account on its own emulator, its own stack. */
export class ChaosRun {
  readonly output = new OutputLog();
  readonly password = `Pw-${randomBytes(8).toString("hex")}!`;
  /** Secrets a scenario added (a rotated key): none may appear in the output or the state either. */
  readonly extraSecrets: string[] = [];
  /** Measurements a scenario reports (make chaos prints them). */
  readonly notes: string[] = [];
  /** The most resources seen beyond what the state should hold at any check (duplicates), and the
   *  most cloud resources no state entry held (orphans), over every check of the cell. */
  readonly worst = { duplicates: 0, orphans: 0 };
  private constructor(
    readonly cloud: Cloud,
    readonly creds: Credentials,
    readonly e2e: E2eStack,
  ) {}

  static async start(label: string, kind: "in-process" | "manual-clock" | "process" = "in-process"): Promise<ChaosRun> {
    const creds = newCredentials(label);
    const cloud = kind === "process" ? await processCloud(creds) : await inProcessCloud(creds, kind === "manual-clock" ? "manual" : "real");
    const run = new ChaosRun(cloud, creds, await createStack({ example: PROGRAM, emulator: cloud, credentials: creds, credentialSource: "config", config: { "alicloud-ecs:visibilityGrace": { value: GRACE } } }));
    await run.e2e.stack.setAllConfig({ "chaos:password": { value: run.password, secret: true }, "chaos:vpcId": { value: defaultVpcId("cn-hangzhou") } });
    return run;
  }

  get secrets(): string[] {
    return [this.creds.accessKeySecret, this.password, ...this.extraSecrets];
  }

  async up(generation: 1 | 2): Promise<UpResult> {
    await this.e2e.stack.setConfig("chaos:generation", { value: String(generation) });
    return this.e2e.stack.up({ onOutput: this.output.onOutput });
  }

  /** An up that must fail: its error (the CLI's output and message). */
  async failingUp(generation: 1 | 2): Promise<string> {
    const err = await this.up(generation).then(
      () => undefined,
      (e: Error) => e,
    );
    if (!err) throw new Error("pulumi up succeeded where it had to fail");
    return `${err.message}\n${this.output}`;
  }

  async destroy(): Promise<void> {
    const r = await this.e2e.stack.destroy({ onOutput: this.output.onOutput });
    expect(r.summary.result).toBe("succeeded");
  }

  /** The invariants, after an up (`DEPLOYED`) or a destroy (`NOTHING`). */
  async expectConverged(counts: Counts): Promise<void> {
    const exported = exportedState(this.e2e, PROGRAM_DIR);
    expect(this.note(await verdict(exported, this.cloud, this.creds.accessKeyId), counts)).toEqual(converged(counts));
    expect(leakedSecrets(this.e2e, exported, this.output.toString(), this.secrets)).toEqual([]);
  }

  /** Keeps the worst duplicates and orphans a verdict shows. */
  note(v: Verdict, expected?: Counts): Verdict {
    if (expected) this.worst.duplicates = Math.max(this.worst.duplicates, excess(v.counts, expected));
    this.worst.orphans = Math.max(this.worst.orphans, v.orphans.length);
    return v;
  }

  /** The state against the cloud at the end of a cell, whatever happened (make chaos). */
  async finalCheck(): Promise<void> {
    this.note(await verdict(exportedState(this.e2e, PROGRAM_DIR), this.cloud, this.creds.accessKeyId));
  }

  /** Generation 2 applied everything it changes, so no update was silently skipped. */
  async expectGeneration2(): Promise<void> {
    const [reg] = await this.cloud.regions(this.creds.accessKeyId);
    const instances = Object.values(reg.instances);
    const byName = (n: string) => instances.find((i) => i.name === n);
    const app0 = byName("chaos-app-0-renamed");
    const disks = Object.values(reg.disks);
    const disk = (n: string) => disks.find((d) => d.name === n);
    const groups = Object.values(reg.securityGroups);
    const sg = groups.find((g) => g.name === "chaos");
    expect({
      app0: !!app0?.publicIpAddress,
      app0Role: app0?.ramRoleName,
      app1Groups: byName("chaos-app-1")?.securityGroupIds.map((id) => groups.find((g) => g.id === id)?.name),
      app1Set: byName("chaos-app-1")?.deploymentSetId ?? "none",
      app2: byName("chaos-app-2")?.plan.at(-1)?.status,
      data0: disk("chaos-data-0")?.size,
      data1On0: !!app0 && disk("chaos-data-1")?.instanceId === app0.id,
      spare: !!disk("chaos-spare-2"),
      ingress: sg?.rules.filter((r) => r.direction === "ingress").map((r) => r.portRange).sort(),
      template: Object.values(reg.launchTemplates)[0]?.latestVersionNumber,
      tags: instances.every((i) => i.tags.some((t) => t.Key === "generation" && t.Value === "2") && !i.tags.some((t) => t.Key === "first")),
    }).toEqual({ app0: true, app0Role: "chaos-role", app1Groups: ["chaos-2"], app1Set: "none", app2: "Stopped", data0: 30, data1On0: true, spare: true, ingress: ["22/22", "443/443"], template: 2, tags: true });
  }

  /** An up that converges, allowing only clear failures (action, code, RequestId) of calls the
   *  client must not repeat: an unsafe action whose answer was an error that may have run; the user
   *  runs up again. Returns the failed calls. */
  async converge(generation: 1 | 2): Promise<string[]> {
    const failures: string[] = [];
    for (let attempt = 1; ; attempt++) {
      const err = await this.up(generation).then(
        () => undefined,
        (e: Error) => e.message,
      );
      if (err === undefined) return failures;
      const calls = [...new Set([...err.matchAll(/ECS (\w+) failed: ([\w.]+) \(HTTP \d+\)[^\n]*RequestId: [0-9A-F-]{36}/g)].map((m) => `${m[1]} ${m[2]}`))];
      const tolerated = calls.length > 0 && calls.every((c) => actionRule(c.split(" ")[0]).safety === "unsafe") && attempt < 3;
      if (!tolerated) throw new Error(`pulumi up failed${calls.length ? ` (${calls.join(", ")})` : ""}:\n${err}`);
      failures.push(...calls);
    }
  }

  /** up, change everything in place, destroy: the invariants after each. */
  async lifecycle(): Promise<void> {
    await this.converge(1);
    await this.expectConverged(DEPLOYED);
    await this.converge(2);
    await this.expectConverged(DEPLOYED);
    await this.expectGeneration2();
    await this.destroy();
    await this.expectConverged(NOTHING);
  }

  async faults(...specs: FaultSpec[]): Promise<void> {
    for (const f of specs) await this.cloud.fault(f);
  }

  async dispose(): Promise<void> {
    try {
      await this.e2e.dispose();
    } finally {
      await this.cloud.close();
    }
  }
}

/** An error a user can act on: it names the resource, the ECS action, the code and (for an answer
 *  from ECS) the RequestId. */
export function expectClearError(text: string, resource: string, action: string, code: string): void {
  expect(text).toContain(resource);
  expect(text).toMatch(new RegExp(`ECS ${action} failed: ${code.replace(/\./g, "\\.")} \\(HTTP \\d+\\):[^\\n]*RequestId: [0-9A-F-]{36}`));
}

const each = (actions: readonly string[], spec: Omit<FaultSpec, "action">): FaultSpec[] => actions.map((action) => ({ ...spec, action }));
const busy = (actions: readonly string[], code: string): FaultSpec[] => each(actions, { type: "error", code, count: 2 });

export interface Cell {
  name: string;
  /** What the emulator runs on: its own process (to be killed), a manual clock (moved TIME_SCALE
   *  times faster than real time while the cell runs), or in-process with the real clock. */
  world?: "in-process" | "manual-clock" | "process";
  /** Why the cell fails today (it still asserts the right thing: test.failing in make test). */
  knownFailure?: string;
  /** Faults injected before the scenario. */
  faults?: FaultSpec[];
  /** The faults cover a whole class of the action table, called by the fixture or not (make chaos
   *  checks that every other cell's faults aim at actions the no-fault run calls). */
  wholeClass?: boolean;
  /** What the cell does through the CLI; default: up, change all in place, destroy (lifecycle). */
  scenario?: (r: ChaosRun) => Promise<void>;
}

/** One cell with the faults of several that share the default scenario and world (make test). */
export function combine(name: string, ...cells: Cell[]): Cell {
  const worlds = new Set(cells.map((c) => c.world ?? "in-process"));
  if (worlds.size > 1 || cells.some((c) => c.scenario || c.knownFailure)) throw new Error(`cells combined into "${name}" must share the default scenario and world`);
  return { name, world: cells[0].world, faults: cells.flatMap((c) => c.faults ?? []) };
}

/** Runs a cell's faults and scenario on a started run. */
export async function play(cell: Cell, r: ChaosRun): Promise<void> {
  const stop = cell.world === "manual-clock" ? r.cloud.pump(TIME_SCALE) : undefined;
  try {
    await r.faults(...(cell.faults ?? []));
    await (cell.scenario ?? ((run: ChaosRun) => run.lifecycle()))(r);
  } finally {
    stop?.();
  }
}

export const BASELINE: Cell = { name: "no fault" };

export const THROTTLING: Cell = { name: "throttling storm (30 % of calls)", faults: [{ type: "throttling", probability: 0.3, retryAfterMs: 100 }] };
/** 5xx answers on the actions the client may repeat; an unsafe one (a new launch template
 *  version) cannot be told from one that ran, so its 5xx is UNSAFE_5XX, once. */
const REPEATABLE = Object.keys(ACTION_RULES).filter((a) => ACTION_RULES[a].safety !== "unsafe");
export const FIVE_XX_BEFORE: Cell = {
  name: "5xx before the action (25 % of repeatable calls)",
  wholeClass: true,
  faults: [...each(REPEATABLE, { type: "unavailable", probability: 0.15 }), ...each(REPEATABLE, { type: "internal", probability: 0.1 })],
};
export const UNSAFE_5XX: Cell = {
  name: "a 5xx on an unsafe call (CreateLaunchTemplateVersion): a clear error, then up again",
  faults: [{ type: "unavailable", action: "CreateLaunchTemplateVersion", count: 1 }],
};
export const FIVE_XX_AFTER: Cell = {
  name: "5xx after the action (25 % of writes)",
  faults: each([...CREATES, ...ATTACHES, ...DELETES, ...MODIFIES], { type: "unavailable", when: "after", probability: 0.25 }),
};
export const LOST: Cell = {
  name: "lost response on every create, attach, change and delete",
  faults: each([...CREATES, ...ATTACHES, ...DELETES, ...MODIFIES], { type: "drop", when: "after", count: 1 }),
};
export const BUSY: Cell = {
  name: "busy codes on every change and delete (twice each)",
  faults: [
    ...busy(
      ["ModifyInstanceAttribute", "ModifyInstanceNetworkSpec", "ModifyInstanceDeployment", "StopInstance", "JoinSecurityGroup", "LeaveSecurityGroup", "AttachInstanceRamRole", "DeleteInstance"],
      "IncorrectInstanceStatus",
    ),
    ...busy(["ModifyDiskAttribute", "ResizeDisk", "AttachDisk", "DetachDisk", "DeleteDisk"], "IncorrectDiskStatus"),
    ...busy(
      ["ModifySecurityGroupAttribute", "AuthorizeSecurityGroup", "RevokeSecurityGroup", "AddTags", "RemoveTags", "ModifyLaunchTemplateDefaultVersion", "CreateLaunchTemplateVersion", "ModifyDeploymentSetAttribute", "DeleteKeyPairs", "DeleteLaunchTemplate"],
      "OperationConflict",
    ),
    ...busy(["DeleteSecurityGroup"], "DependencyViolation"),
    ...busy(["DeleteDeploymentSet"], "DependencyViolation.NotEmpty"),
    ...busy(CREATES.filter((a) => a !== "ImportKeyPair" && a !== "CreateLaunchTemplate"), "LastTokenProcessing"),
  ],
};
export const SLOW: Cell = { name: "slow answers (20 % wait 300 ms)", faults: [{ type: "slow", probability: 0.2, delayMs: 300 }] };
const SLOW_FEW: Cell = { name: "slow answers (5 % wait 300 ms)", faults: [{ type: "slow", probability: 0.05, delayMs: 300 }] };
export const INVISIBLE_3S: Cell = {
  name: "invisible 3 s after every create",
  world: "manual-clock",
  faults: each(CREATES, { type: "invisible", invisibleMs: 3000, probability: 1 }),
};
export const STALE: Cell = {
  name: "stale reads 3 s after every change and delete",
  world: "manual-clock",
  faults: each([...MODIFIES, ...ATTACHES, ...DELETES], { type: "stale", staleMs: 3000, probability: 1 }),
};
/** Invisible longer than the provider's visibility grace period (20 s; it failed with duplicates
 *  before creates waited up to their deadline). */
const invisibleLong = (seconds: number): Cell => ({
  name: `invisible ${seconds} s after every create`,
  world: "manual-clock",
  faults: each(CREATES, { type: "invisible", invisibleMs: seconds * 1000, probability: 1 }),
});
export const INVISIBLE_60S = invisibleLong(60);
export const ASYNC_STOPPED: Cell = {
  name: "an accepted RunInstances ends Stopped instead of Running",
  faults: [{ type: "asyncFailure", action: "RunInstances", outcome: "Stopped", afterMs: 1000, count: 1 }],
};
/** An instance released after it was accepted (seen Pending for 2 s): the up converges, or fails
 *  with an error naming the instance within its create deadline (30 s here) and then, after a
 *  refresh, converges. */
export const ASYNC_RELEASED: Cell = {
  name: "an accepted RunInstances is released before it runs",
  faults: [{ type: "asyncFailure", action: "RunInstances", outcome: "Deleted", afterMs: 2000, count: 1 }],
  scenario: async (r) => {
    await r.e2e.stack.setConfig("chaos:createTimeout", { value: "30s" });
    const failure = await r.up(1).then(
      () => "",
      (e: Error) => e.message,
    );
    if (failure) {
      expect(failure).toMatch(/Instance "app-\d"/);
      await r.e2e.stack.refresh({ onOutput: r.output.onOutput });
    }
    await r.converge(1);
    await r.expectConverged(DEPLOYED);
    await r.destroy();
    await r.expectConverged(NOTHING);
  },
};

export const EMULATOR_KILLED: Cell = {
  name: "emulator killed (SIGKILL) and restarted mid-up",
  world: "process",
  scenario: async (r) => {
    const cloud = r.cloud as ProcessCloud;
    const up = r.up(1);
    // Once some creates were acknowledged, the emulator dies and comes back from its state file.
    await until(async () => {
      const c = await cloud.counts();
      return (c.CreateDisk ?? 0) + (c.RunInstances ?? 0) >= 2;
    });
    await cloud.kill();
    await cloud.restart();
    expect((await up).summary.result).toBe("succeeded");
    await r.expectConverged(DEPLOYED);
    await r.destroy();
    await r.expectConverged(NOTHING);
  },
};

export const CLI_KILLED: Cell = {
  name: "CLI killed mid-up and mid-destroy, recovered as the Pulumi docs say",
  scenario: async (r) => {
    await r.e2e.stack.setConfig("chaos:generation", { value: "1" });
    // The launch template is held back (a long throttling wait) so the kill lands while instances
    // and disks are being created, whatever the machine's speed: their recovery is what this cell checks.
    await r.faults({ type: "throttling", action: "CreateLaunchTemplate", retryAfterMs: 60_000 });
    await killDuring(r.e2e, PROGRAM_DIR, ["up"], async () => {
      const c = await r.cloud.counts();
      return (c.RunInstances ?? 0) >= 1 && (c.CreateDisk ?? 0) >= 1;
    });
    await r.cloud.clearFaults();
    await recoverInterrupted(r);
    expect((await r.up(1)).summary.result).toBe("succeeded");
    await r.expectConverged(DEPLOYED);

    await r.cloud.resetCounts();
    await killDuring(r.e2e, PROGRAM_DIR, ["destroy"], async () => ((await r.cloud.counts()).DeleteInstance ?? 0) >= 1);
    await recoverInterrupted(r);
    await r.destroy();
    await r.expectConverged(NOTHING);
  },
};

/** Out-of-band changes, then what a user does: refresh, up. */
async function outOfBand(r: ChaosRun): Promise<void> {
  const [reg] = await r.cloud.regions(r.creds.accessKeyId);
  const named = (n: string) => Object.values(reg.instances).find((i) => i.name === n)!;
  await byHand(r, "DeleteInstance", { InstanceId: named("chaos-app-1").id, Force: true });
  await r.cloud.modifyResource("instance", named("chaos-app-0").id, { status: "Stopped", name: "changed-by-hand" });
  await r.cloud.deleteResource("disk", Object.values(reg.disks).find((d) => d.name === "chaos-spare")!.id);
  await r.cloud.modifyResource("securitygroup", Object.values(reg.securityGroups).find((g) => g.name === "chaos")!.id, { description: "changed by hand", rules: [] });
  await r.e2e.stack.refresh({ onOutput: r.output.onOutput });
  await r.converge(1);
  await r.expectConverged(DEPLOYED);
  const [after] = await r.cloud.regions(r.creds.accessKeyId);
  expect(Object.values(after.instances).map((i) => [i.name, i.plan.at(-1)?.status]).sort()).toEqual([
    ["chaos-app-0", "Running"], ["chaos-app-1", "Running"], ["chaos-app-2", "Running"],
  ]);
  expect(Object.values(after.securityGroups).find((g) => g.name === "chaos")?.rules).toHaveLength(3);
}

/** A stranger's instance in the stack's group blocks its delete until its owner removes it. */
async function foreignMemberAtDestroy(r: ChaosRun): Promise<void> {
  const [reg] = await r.cloud.regions(r.creds.accessKeyId);
  const foreign = await foreignInstance(r, Object.values(reg.securityGroups).find((g) => g.name === "chaos")!.id);
  await r.cloud.resetCounts();
  const destroy = r.destroy();
  await until(async () => ((await r.cloud.counts()).DeleteSecurityGroup ?? 0) >= 2);
  await byHand(r, "DeleteInstance", { InstanceId: foreign, Force: true });
  await destroy;
  await r.expectConverged(NOTHING);
}

export const OUT_OF_BAND: Cell = {
  name: "out-of-band delete, stop and change, then refresh and up",
  scenario: async (r) => {
    await r.converge(1);
    await outOfBand(r);
    await r.destroy();
    await r.expectConverged(NOTHING);
  },
};

export const FOREIGN_MEMBER: Cell = {
  name: "a foreign instance in the stack's group, removed mid-destroy",
  scenario: async (r) => {
    await r.converge(1);
    await foreignMemberAtDestroy(r);
  },
};

/** make test: drift and the foreign member on one stack. */
export const DRIFT_THEN_FOREIGN: Cell = {
  name: "out-of-band delete, stop and change; then a foreign instance in the group mid-destroy",
  scenario: async (r) => {
    await r.converge(1);
    await outOfBand(r);
    await foreignMemberAtDestroy(r);
  },
};

export const ROTATED_SECRET: Cell = {
  name: "AccessKey secret rotated mid-up: a clear error, then up with the new secret",
  scenario: async (r) => {
    const rotated = { ...r.creds, accessKeySecret: `Secret${randomBytes(12).toString("hex")}` };
    // The key is rotated under the running up once the three RunInstances were sent: the instances'
    // waits and the disks' creates and attaches fail. (Rotating between a create and its first read
    // is REFUSED_AFTER_CREATE.)
    const failing = r.failingUp(1);
    await until(async () => ((await r.cloud.counts()).RunInstances ?? 0) >= 3);
    await r.cloud.setCredential(rotated);
    const failure = await failing;
    // The message quotes the server's string to sign (several lines), then the RequestId.
    expect(failure).toMatch(/ECS \w+ failed: SignatureDoesNotMatch \(HTTP 400\)[\s\S]*?RequestId: [0-9A-F-]{36}/);
    await r.e2e.stack.setConfig("alicloud-ecs:accessKeySecret", { value: rotated.accessKeySecret, secret: true });
    r.extraSecrets.push(rotated.accessKeySecret);
    await r.converge(1);
    await r.expectConverged(DEPLOYED);
    await r.destroy();
    await r.expectConverged(NOTHING);
  },
};

/** The read that follows a create is refused (a permission revoked, a key rotated): the create took
 *  effect, so its resource must reach the state (an init error) and the next up complete it. (A
 *  deployment set carries no ownership tag: before, the next up made a second set.) */
export const REFUSED_AFTER_CREATE: Cell = {
  name: "the read right after CreateDeploymentSet is refused (403): the set must not be left behind",
  faults: [{ type: "error", action: "DescribeDeploymentSets", code: "Forbidden.RAM", httpStatus: 403, message: "User not authorized to operate on the specified resource.", count: 1 }],
  scenario: async (r) => {
    const first = await r.up(1).then(
      () => "",
      (e: Error) => e.message,
    );
    if (first) expect(first).toMatch(/DeploymentSet "chaos-spread"[\s\S]*Forbidden\.RAM/);
    await r.converge(1);
    expect((await r.cloud.counts()).CreateDeploymentSet).toBe(1);
    await r.expectConverged(DEPLOYED);
    await r.destroy();
    await r.expectConverged(NOTHING);
  },
};

/** Up and destroy with the same program, `count` times in a row: each up creates each resource
 *  once (before random ClientTokens each up waited one visibility grace period more than the last,
 *  and with a short grace period the twelfth failed), and each destroy leaves nothing. The wall
 *  time of each up is reported (make chaos), never asserted. */
async function cycles(r: ChaosRun, count: number, deployed: Counts): Promise<void> {
  const times: number[] = [];
  const runs: number[] = [];
  const leftovers: number[] = [];
  const sent = async (): Promise<number> => (await r.cloud.counts()).RunInstances ?? 0;
  for (let cycle = 1; cycle <= count; cycle++) {
    const before = await sent();
    const t0 = Date.now();
    expect((await r.up(1)).summary.result).toBe("succeeded");
    times.push(Date.now() - t0);
    runs.push((await sent()) - before);
    await r.expectConverged(deployed);
    await r.destroy();
    const left = await cloudIds(r.cloud, r.creds.accessKeyId);
    leftovers.push(Object.values(left).flat().length);
  }
  await r.expectConverged(NOTHING);
  r.notes.push(`up of cycles 1…${count}: ${times.map((t) => (t / 1000).toFixed(1)).join(", ")} s`);
  r.notes.push(`RunInstances per up: ${runs.join(", ")}; resources left after each destroy: ${leftovers.join(", ")}`);
  expect({ runs, leftovers }).toEqual({ runs: runs.map(() => deployed.instances), leftovers: leftovers.map(() => 0) });
}

export const REDEPLOYS: Cell = {
  name: "up then destroy, ten times (twelve resources)",
  scenario: (r) => cycles(r, 10, DEPLOYED),
};

/** The issue's measure: a two-resource stack (a group and an instance) up and destroyed ten times. */
export const PAIR = { ...NOTHING, instances: 1, securityGroups: 1 };
export const REDEPLOYS_PAIR: Cell = {
  name: "up then destroy, ten times (two resources)",
  scenario: async (r) => {
    await r.e2e.stack.setConfig("chaos:shape", { value: "pair" });
    await cycles(r, 10, PAIR);
  },
};

/** Every cell alone (make chaos). */
export const CELLS: Cell[] = [
  THROTTLING, FIVE_XX_BEFORE, UNSAFE_5XX, FIVE_XX_AFTER, LOST, BUSY, SLOW, INVISIBLE_3S, STALE, INVISIBLE_60S, ASYNC_STOPPED, ASYNC_RELEASED,
  EMULATOR_KILLED, CLI_KILLED, OUT_OF_BAND, FOREIGN_MEMBER, ROTATED_SECRET, REFUSED_AFTER_CREATE, REDEPLOYS, REDEPLOYS_PAIR,
];

/** make test: the same cells, those that share a scenario combined into one run. */
export const GROUPS: Cell[] = [
  combine("transient answers: throttling 30 %, 5xx before and after the action, busy codes, slow answers", THROTTLING, FIVE_XX_BEFORE, UNSAFE_5XX, FIVE_XX_AFTER, BUSY, SLOW_FEW),
  combine("lost responses on every write, and a RunInstances that ends Stopped", LOST, ASYNC_STOPPED),
  combine("invisible 3 s after every create, stale reads 3 s after every change", INVISIBLE_3S, STALE),
  invisibleLong(60),
  DRIFT_THEN_FOREIGN,
  ROTATED_SECRET,
  REFUSED_AFTER_CREATE,
  CLI_KILLED,
  EMULATOR_KILLED,
];

/** What the CLI says after an interrupted update on a file backend, and what the Pulumi docs
 *  (Interrupted updates) tell users: the lock is released with `pulumi cancel`; pending creates are
 *  cleared non-interactively with `pulumi refresh --clear-pending-creates` (the resources they
 *  created still carry the creating mark, so the next up adopts them); then up or destroy again. */
async function recoverInterrupted(r: ChaosRun): Promise<void> {
  const locked = await r.e2e.stack.refresh().then(
    () => "",
    (e: Error) => e.message,
  );
  expect(locked).toMatch(/locked/);
  expect(locked).toContain("pulumi cancel");
  await r.e2e.stack.cancel();
  await r.e2e.stack.refresh({ clearPendingCreates: true, onOutput: r.output.onOutput });
}

/** Someone else's call on the account (the console, another tool): not the stack's. */
async function byHand<T = Record<string, unknown>>(r: ChaosRun, action: string, params: Params): Promise<T> {
  const client = new EcsClient({ ...r.creds, endpoint: r.cloud.url, region: "cn-hangzhou", env: {}, rateLimit: 0 });
  try {
    return await client.call<T>(action, { RegionId: "cn-hangzhou", ...params });
  } finally {
    await client.close();
  }
}

/** An instance someone else started in the stack's group (not in the stack). */
async function foreignInstance(r: ChaosRun, securityGroupId: string): Promise<string> {
  const res = await byHand<{ InstanceIdSets: { InstanceIdSet: string[] } }>(r, "RunInstances", {
    VSwitchId: defaultVSwitchId("cn-hangzhou-h"), ImageId: "ubuntu_22_04_x64_20G_alibase_20240130.vhd", InstanceType: "ecs.g7.large", SecurityGroupId: securityGroupId,
  });
  return res.InstanceIdSets.InstanceIdSet[0];
}

/** Polls `cond` every 20 ms (the matrix watches the emulator's call counters this way). */
async function until(cond: () => Promise<boolean>): Promise<void> {
  while (!(await cond())) await new Promise((res) => setTimeout(res, 20));
}

export interface CellResult {
  name: string;
  ms: number;
  calls: number;
  /** ECS calls per action. */
  actions: Record<string, number>;
  ok: boolean;
  /** Why the cell is known to fail (Cell.knownFailure). */
  known?: string;
  error?: string;
  notes: string[];
  /** Worst over the cell's checks (ChaosRun.worst); the orphans include the final check's. */
  duplicates: number;
  orphans: number;
}

/** A stack label for a cell (account and stack names). */
export const labelOf = (cell: Cell): string => cell.name.replace(/[^a-z0-9]+/gi, "").slice(0, 12).toLowerCase();

/** Runs one cell in a world of its own; returns its wall time and ECS calls (the failure too). */
export async function runCell(cell: Cell): Promise<CellResult> {
  const r = await ChaosRun.start(labelOf(cell), cell.world);
  const started = Date.now();
  const result = async (ok: boolean, error?: string): Promise<CellResult> => {
    const ms = Date.now() - started;
    const calls: Record<string, number> = await r.cloud.counts().catch(() => ({}));
    await r.finalCheck().catch((e: Error) => r.notes.push(`final check not possible: ${e.message.split("\n")[0]}`));
    return { name: cell.name, ms, calls: total(calls), actions: calls, ok, known: cell.knownFailure, error, notes: r.notes, ...r.worst };
  };
  try {
    await play(cell, r);
    return await result(true);
  } catch (e) {
    return await result(false, (e as Error).message);
  } finally {
    await r.dispose();
  }
}

const total = (counts: Record<string, number>): number => Object.values(counts).reduce((a, b) => a + b, 0);

/** Faults of the cells that run the default scenario aimed at an action the no-fault run never
 *  calls: such a fault never fires, and its cell would assert nothing about it. */
export function faultsThatCannotFire(baseline: CellResult, cells: readonly Cell[]): string[] {
  return cells
    .filter((c) => !c.scenario && !c.wholeClass)
    .flatMap((c) => (c.faults ?? []).filter((f) => f.action && !baseline.actions[f.action]).map((f) => `${c.name}: ${f.action}`));
}

/** The matrix as a table, each cell against the no-fault run. */
export function matrixTable(baseline: CellResult, results: readonly CellResult[]): string {
  const outcome = (r: CellResult) => (r.ok ? (r.known ? "converged (known to fail!)" : "converged") : r.known ? "known failure" : "FAILED");
  const row = (r: CellResult) =>
    `| ${r.name} | ${outcome(r)} | ${(r.ms / 1000).toFixed(1)} s | ${(r.ms / baseline.ms).toFixed(2)}× | ${r.calls} | ${(r.calls / baseline.calls).toFixed(2)}× | ${r.duplicates} | ${r.orphans} |`;
  const head = "| cell | result | wall time | vs no fault | ECS calls | vs no fault | duplicates | orphans |";
  return [head, "|---|---|---|---|---|---|---|---|", row(baseline), ...results.map(row)].join("\n");
}
