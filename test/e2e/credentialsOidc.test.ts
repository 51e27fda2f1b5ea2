/** Keyless credentials through the real Pulumi CLI: examples/web deployed with nothing but an OIDC
 *  token file and the standard ALIBABA_CLOUD_* variables (as a GitHub Actions or ACK RRSA job has
 *  them). The emulator's STS exchanges the token for temporary credentials; mid-`up`, while the
 *  instance waits on the emulator's manual clock, the clock jumps past their expiry and the platform
 *  rotates the token file: the provider must fetch new credentials (reading the new token) and
 *  finish. No token or secret may reach the state or the CLI output. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CLI_TIMEOUT_MS, createStack, disposeAll, emulatorResources, newCredentials, OutputLog, stateAsStored, type Credentials, type E2eStack } from "./harness";
import { startStsEmulator, type StsFixture } from "../helpers/stsEmulator";

jest.setTimeout(CLI_TIMEOUT_MS);

/** Far past the first credentials' hour and the first token's expiry. */
const JUMP_MS = 2 * 3600_000;
const FIRST_SUBJECT = "repo:acme/infra:ref:refs/heads/main";
const ROTATED_SUBJECT = "repo:acme/infra:ref:refs/heads/main:attempt-2";

/** Waits for something the CLI's provider process does, by asking the emulator (no fixed sleep). */
async function until(what: string, ready: () => boolean, timeoutMs = CLI_TIMEOUT_MS / 2): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("examples/web with keyless OIDC credentials that expire during the run", () => {
  let sts: StsFixture;
  let creds: Credentials;
  let e2e: E2eStack;
  let dir: string;
  let firstToken: string;
  const output = new OutputLog();

  beforeAll(async () => {
    // The stack's resources land in this account (the roles act on it); no key of it is given to Pulumi.
    creds = newCredentials("oidc");
    sts = await startStsEmulator({ credentials: [creds], delayScale: 1 });
    // Everything is instant except an instance's first status: the run waits there until the test moves the clock.
    sts.emu.admin.setDelays({ instancePending: 60_000, instanceStarting: 0, instanceStopping: 0, instanceReleasing: 0, diskCreating: 0, diskAttaching: 0, diskDetaching: 0 });
    dir = mkdtempSync(join(tmpdir(), "e2e-oidc-"));
    const tokenFile = join(dir, "token");
    firstToken = sts.writeToken(tokenFile, { sub: FIRST_SUBJECT });
    e2e = await createStack({
      example: "web",
      emulator: sts.emu,
      credentials: creds,
      credentialSource: "keyless",
      env: {
        ALIBABA_CLOUD_ROLE_ARN: sts.deployArn,
        ALIBABA_CLOUD_OIDC_PROVIDER_ARN: sts.providerArn,
        ALIBABA_CLOUD_OIDC_TOKEN_FILE: tokenFile,
        ALIBABA_CLOUD_ROLE_SESSION_NAME: "gha-deploy",
        ALIBABA_CLOUD_STS_ENDPOINT: sts.emu.url,
      },
    });
  });

  afterAll(async () => {
    await disposeAll(e2e, sts?.emu);
    rmSync(dir, { recursive: true, force: true });
  });

  test("up succeeds although its STS credentials expire mid-run; the rotated token is read; nothing secret is stored or printed", async () => {
    const instances = () => emulatorResources(sts.emu, creds.accessKeyId).instances;
    let settled = false;
    const up = e2e.stack.up({ onOutput: output.onOutput }).finally(() => (settled = true));
    await until("the instance to be created", () => instances().length === 1 || settled);
    // The run cannot finish before the clock moves (the instance stays Pending): settled here means it failed.
    if (settled) await up;

    const issuedBefore = sts.emu.sts.sessions();
    expect(issuedBefore.length).toBeGreaterThan(0);
    expect(issuedBefore.every((s) => s.assumedBy.endsWith(FIRST_SUBJECT))).toBe(true);
    const refusedBefore = sts.emu.sts.expiredRefusals();

    // The platform rotates the token (the old one dies with the jump), then time jumps past every credential's expiry.
    const jumpAt = sts.emu.admin.now() + JUMP_MS;
    const rotated = sts.issuer.token(jumpAt, { sub: ROTATED_SUBJECT });
    writeFileSync(join(dir, "token"), rotated);
    sts.emu.admin.advanceClock(JUMP_MS);

    const result = await up;
    expect(result.summary.result).toBe("succeeded");

    // Old credentials were refused once they expired, and new ones came from the rotated token.
    expect(sts.emu.sts.expiredRefusals()).toBeGreaterThan(refusedBefore);
    const renewed = sts.emu.sts.sessions().filter((s) => s.issuedAt >= jumpAt);
    expect(renewed.length).toBeGreaterThan(0);
    expect(renewed.every((s) => s.action === "AssumeRoleWithOIDC" && s.sessionName === "gha-deploy" && s.assumedBy.endsWith(ROTATED_SUBJECT))).toBe(true);

    const outputs = await e2e.stack.outputs();
    expect(outputs.instanceId.value).toBe(instances()[0].id);
    const config = await e2e.stack.getAllConfig();
    expect(Object.keys(config).filter((k) => k.startsWith("alicloud-ecs:"))).toEqual([]);

    const { exported, checkpoint } = stateAsStored(e2e, "web");
    const secrets = [
      ...sts.emu.sts.sessions().flatMap((s) => [s.accessKeySecret, s.securityToken]),
      ...[firstToken, rotated].flatMap((t) => [t, t.split(".")[2]]),
      creds.accessKeySecret,
    ];
    for (const text of [exported, checkpoint, output.toString(), JSON.stringify(outputs)]) {
      for (const secret of secrets) expect(text.includes(secret)).toBe(false);
    }
  });

  test("destroy, with fresh credentials from the rotated token", async () => {
    const result = await e2e.stack.destroy({ onOutput: output.onOutput });
    expect(result.summary.result).toBe("succeeded");
    expect(emulatorResources(sts.emu, creds.accessKeyId).instances).toEqual([]);
    expect(output.toString()).not.toContain(sts.emu.sts.sessions()[0].securityToken);
  });
});

describe("examples/web with roles from structured stack config: assumeRoleWithOidc, then assumeRole on top", () => {
  let sts: StsFixture;
  let creds: Credentials;
  let e2e: E2eStack;
  let dir: string;

  beforeAll(async () => {
    creds = newCredentials("roles");
    sts = await startStsEmulator({ credentials: [creds] });
    dir = mkdtempSync(join(tmpdir(), "e2e-roles-"));
    const tokenFile = join(dir, "token");
    sts.writeToken(tokenFile);
    e2e = await createStack({
      example: "web",
      emulator: sts.emu,
      credentials: creds,
      credentialSource: "keyless",
      config: { "alicloud-ecs:stsEndpoint": { value: sts.emu.url } },
    });
    // As a user types it: `pulumi config set --path 'alicloud-ecs:assumeRoleWithOidc.roleArn' …`
    const set = (key: string, value: string) => e2e.stack.setConfig(key, { value }, true);
    await set("alicloud-ecs:assumeRoleWithOidc.roleArn", sts.deployArn);
    await set("alicloud-ecs:assumeRoleWithOidc.oidcProviderArn", sts.providerArn);
    await set("alicloud-ecs:assumeRoleWithOidc.oidcTokenFile", tokenFile);
    await set("alicloud-ecs:assumeRoleWithOidc.sessionName", "config-oidc");
    await set("alicloud-ecs:assumeRole.roleArn", sts.opsArn);
    await set("alicloud-ecs:assumeRole.sessionName", "config-ops");
    await set("alicloud-ecs:assumeRole.externalId", "ops-ext");
  });

  afterAll(async () => {
    await disposeAll(e2e, sts?.emu);
    rmSync(dir, { recursive: true, force: true });
  });

  test("up and destroy act as the chained role", async () => {
    const up = await e2e.stack.up();
    expect(up.summary.result).toBe("succeeded");
    expect(emulatorResources(sts.emu, creds.accessKeyId).instances).toHaveLength(1);
    const sessions = sts.emu.sts.sessions();
    expect(sessions.some((s) => s.action === "AssumeRoleWithOIDC" && s.sessionName === "config-oidc")).toBe(true);
    const ops = sessions.filter((s) => s.action === "AssumeRole");
    expect(ops.length).toBeGreaterThan(0);
    expect(ops.every((s) => s.roleArn === sts.opsArn && s.sessionName === "config-ops" && /:assumed-role\/deploy\/config-oidc$/.test(s.assumedBy))).toBe(true);
    const destroy = await e2e.stack.destroy();
    expect(destroy.summary.result).toBe("succeeded");
    expect(emulatorResources(sts.emu, creds.accessKeyId).instances).toEqual([]);
  });
});
