/** examples/fleet through the real Pulumi CLI: 20 instances up and down, and recovery from a
 *  CLI killed in the middle of `pulumi up`. */
import type { RunningEmulator } from "../../emulator";
import {
  CLI_TIMEOUT_MS,
  OutputLog,
  changes,
  createStack,
  disposeAll,
  emulatorResources,
  exampleDir,
  newCredentials,
  NOTHING_LEFT,
  stackResourceCounts,
  startTestEmulator,
  type Credentials,
  type E2eStack,
} from "./harness";
import { killDuring } from "./cliProcess";

jest.setTimeout(CLI_TIMEOUT_MS);

/** The instance ids a stack's state holds (resources of the Instance kind carry instanceId). */
async function instanceIdsInState(e2e: E2eStack): Promise<string[]> {
  const state = await e2e.stack.exportStack();
  const resources = (state.deployment as { resources?: { urn: string; id?: string }[] }).resources ?? [];
  return resources.filter((r) => /::node-\d+$/.test(r.urn)).map((r) => String(r.id));
}

function countCalls(counts: Record<string, number>): { total: number; byAction: Record<string, number> } {
  const byAction = Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0).sort(([a], [b]) => a.localeCompare(b)));
  return { total: Object.values(byAction).reduce((a, b) => a + b, 0), byAction };
}

describe("examples/fleet with fleet:size 20", () => {
  let emulator: RunningEmulator;
  let creds: Credentials;
  let e2e: E2eStack;

  beforeAll(async () => {
    creds = newCredentials("fleet");
    emulator = await startTestEmulator(creds);
    e2e = await createStack({ example: "fleet", emulator, credentials: creds, credentialSource: "config", config: { "fleet:size": { value: "20" } } });
  });

  afterAll(() => disposeAll(e2e, emulator));

  test("preview of the fresh stack plans the whole fleet though the template id is still unknown", async () => {
    const preview = await e2e.stack.preview();
    // 20 instances, 20 disks, template, deployment set, security group and the stack itself
    expect(preview.changeSummary.create).toBeGreaterThanOrEqual(43);
  });

  test("up creates 20 instances from the template in the deployment set, each with its disk; destroy removes all", async () => {
    emulator.admin.resetCallCounts();
    let started = Date.now();
    const up = await e2e.stack.up();
    const upMs = Date.now() - started;
    expect(up.summary.result).toBe("succeeded");
    const upCalls = countCalls(emulator.admin.callCounts());

    const held = emulatorResources(emulator, creds.accessKeyId);
    expect(held.instances).toHaveLength(20);
    expect(held.launchTemplates).toHaveLength(1);
    expect(held.deploymentSets).toHaveLength(1);
    for (const instance of held.instances) {
      expect(instance.launchTemplateId).toBe(held.launchTemplates[0].id);
      expect(instance.deploymentSetId).toBe(held.deploymentSets[0].id);
    }
    expect(new Set(held.instances.map((i) => i.name)).size).toBe(20);
    expect(held.dataDisks).toHaveLength(20);
    expect(new Set(held.dataDisks.map((d) => d.instanceId))).toEqual(new Set(held.instances.map((i) => i.id)));
    expect((await instanceIdsInState(e2e)).sort()).toEqual(held.instances.map((i) => i.id).sort());

    emulator.admin.resetCallCounts();
    started = Date.now();
    const destroy = await e2e.stack.destroy();
    const destroyMs = Date.now() - started;
    expect(destroy.summary.result).toBe("succeeded");
    const destroyCalls = countCalls(emulator.admin.callCounts());
    expect(stackResourceCounts(emulator, creds.accessKeyId)).toEqual(NOTHING_LEFT);

    console.log(
      `fleet:size 20 — up ${(upMs / 1000).toFixed(1)} s, ${upCalls.total} API calls ${JSON.stringify(upCalls.byAction)}; ` +
        `destroy ${(destroyMs / 1000).toFixed(1)} s, ${destroyCalls.total} API calls ${JSON.stringify(destroyCalls.byAction)}`,
    );
  });
});

describe("examples/fleet after the CLI is killed during up", () => {
  const SIZE = 10;
  let emulator: RunningEmulator;
  let creds: Credentials;
  let e2e: E2eStack;

  beforeAll(async () => {
    creds = newCredentials("fleetkill");
    // Slow enough that creates are still in flight when the CLI dies: an instance takes ~1 s to run.
    emulator = await startTestEmulator(creds, { delayScale: 0.2 });
    // The client's rate limit (4 calls/s per action, burst 1) spaces the RunInstances calls, so the
    // kill lands after some creates were sent and before all were.
    e2e = await createStack({
      example: "fleet",
      emulator,
      credentials: creds,
      credentialSource: "config",
      config: { "fleet:size": { value: String(SIZE) }, "alicloud-ecs:rateLimit": { value: "4" } },
    });
  });

  afterAll(() => disposeAll(e2e, emulator));

  test("refresh and up again leave exactly the fleet: no duplicated, no orphaned instances", async () => {
    // Kill the CLI and its plugins once a few RunInstances calls have reached the emulator.
    const { killed } = await killDuring(e2e, exampleDir("fleet"), ["up"], () => (emulator.admin.callCounts().RunInstances ?? 0) >= 3);
    expect(killed.length).toBeGreaterThan(1); // the CLI and at least one plugin
    const createdBeforeKill = emulatorResources(emulator, creds.accessKeyId).instances.length;
    expect(createdBeforeKill).toBeGreaterThan(0);
    expect(createdBeforeKill).toBeLessThan(SIZE);

    // What the CLI and the docs tell users after an interrupted update: release the lock the dead
    // CLI left ("delete the lock file with `pulumi cancel`"), reconcile with `pulumi refresh`, `pulumi up` again.
    await expect(e2e.stack.refresh()).rejects.toThrow(/locked/);
    await e2e.stack.cancel();
    const refreshOutput = new OutputLog();
    const refreshed = await e2e.stack.refresh({ onOutput: refreshOutput.onOutput });
    expect(refreshed.summary.result).toBe("succeeded");
    const up = await e2e.stack.up();
    expect(up.summary.result).toBe("succeeded");

    const held = emulatorResources(emulator, creds.accessKeyId);
    expect(held.instances).toHaveLength(SIZE);
    expect(new Set(held.instances.map((i) => i.name)).size).toBe(SIZE);
    expect((await instanceIdsInState(e2e)).sort()).toEqual(held.instances.map((i) => i.id).sort());
    expect(held.dataDisks).toHaveLength(SIZE);
    expect(held.launchTemplates).toHaveLength(1);
    expect(held.deploymentSets).toHaveLength(1);
    expect(held.securityGroups).toHaveLength(1);

    console.log(
      `fleet kill: ${killed.length} processes killed after ${createdBeforeKill}/${SIZE} instances existed; ` +
        `refresh ${/pending/i.test(refreshOutput.toString()) ? "reported" : "did not report"} pending operations; ` +
        `RunInstances calls in all: ${emulator.admin.callCounts().RunInstances}`,
    );
    const preview = await e2e.stack.preview();
    expect(changes(preview.changeSummary)).toEqual({});

    const destroy = await e2e.stack.destroy();
    expect(destroy.summary.result).toBe("succeeded");
    expect(stackResourceCounts(emulator, creds.accessKeyId)).toEqual(NOTHING_LEFT);
  });
});
