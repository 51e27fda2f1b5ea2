/** Auto-naming through the real CLI (provider/spec/autoName.ts): a key pair, a launch template
 *  and a security group without names get `<logical name>-<7 hex>`; the names a preview saves in a
 *  plan are the ones `up --plan` uses (the suffix is derived, not drawn); an update keeps them; a
 *  replacement of the key pair gets a new name, so the engine creates it before deleting the old. */
import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import type { RunningEmulator } from "../../emulator";
import { rsaPublicKeyToOpenSsh } from "../../provider/ssh/publicKey";
import { CLI_TIMEOUT_MS, changes, createStack, disposeAll, emulatorResources, EventLog, newCredentials, startTestEmulator, type Credentials, type E2eStack } from "./harness";

jest.setTimeout(CLI_TIMEOUT_MS);

const PROGRAM = "test/e2e/programs/autoname";
const publicKey = (): string => rsaPublicKeyToOpenSsh(generateKeyPairSync("rsa", { modulusLength: 2048 }).publicKey.export({ format: "jwk" })).openssh;

describe("auto-naming through the CLI", () => {
  let emulator: RunningEmulator;
  let creds: Credentials;
  let e2e: E2eStack;
  let names: Record<string, string>;
  const planDir = mkdtempSync(path.join(tmpdir(), "autoname-plan-"));
  const keyPairs = (): string[] => emulatorResources(emulator, creds.accessKeyId).keyPairs.map((k) => k.name);

  /** `pulumi preview --save-plan`, then `pulumi up --plan`: fails if up would do other than previewed. */
  async function upWithPlan(events?: EventLog): Promise<Record<string, string>> {
    const plan = path.join(planDir, `plan-${Date.now()}.json`);
    await e2e.stack.preview({ plan });
    const up = await e2e.stack.up({ plan, onEvent: events?.onEvent });
    expect(up.summary.result).toBe("succeeded");
    return Object.fromEntries(Object.entries(up.outputs).map(([k, v]) => [k, String(v.value)]));
  }

  beforeAll(async () => {
    creds = newCredentials("autoname");
    emulator = await startTestEmulator(creds);
    e2e = await createStack({ example: PROGRAM, emulator, credentials: creds, credentialSource: "config", config: { "autoname:publicKey": { value: publicKey() } } });
  });
  afterAll(async () => {
    rmSync(planDir, { recursive: true, force: true });
    await disposeAll(e2e, emulator);
  });

  test("up names each resource <logical name>-<7 hex>, exactly as its saved plan said", async () => {
    names = await upWithPlan();
    expect(names.keyPairName).toMatch(/^deploy-[0-9a-f]{7}$/);
    expect(names.launchTemplateName).toMatch(/^web-[0-9a-f]{7}$/);
    expect(names.securityGroupName).toMatch(/^web-sg-[0-9a-f]{7}$/);
    expect(keyPairs()).toEqual([names.keyPairName]);
    expect(changes((await e2e.stack.preview({ expectNoChanges: true })).changeSummary)).toEqual({});
  });

  test("an update (new tags) keeps every name", async () => {
    await e2e.stack.setConfig("autoname:team", { value: "ops" });
    const events = new EventLog();
    expect(await upWithPlan(events)).toEqual(names);
    expect(events.ops().get("deploy")).toEqual(["update"]);
  });

  test("a new public key replaces the key pair under a new name, created before the old one is deleted", async () => {
    await e2e.stack.setConfig("autoname:publicKey", { value: publicKey() });
    const events = new EventLog();
    const after = await upWithPlan(events);
    expect(after.keyPairName).toMatch(/^deploy-[0-9a-f]{7}$/);
    expect(after.keyPairName).not.toBe(names.keyPairName);
    expect(after.launchTemplateName).toBe(names.launchTemplateName); // a new version, same template
    const ops = events.ops().get("deploy") ?? [];
    expect(ops.indexOf("create-replacement")).toBeGreaterThanOrEqual(0);
    expect(ops.indexOf("create-replacement")).toBeLessThan(ops.indexOf("delete-replaced"));
    expect(keyPairs()).toEqual([after.keyPairName]);
  });
});
