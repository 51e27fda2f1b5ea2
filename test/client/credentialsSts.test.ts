/** The credentials chain's STS sources — OIDC (AssumeRoleWithOIDC with a token file) and RAM role
 *  (AssumeRole with base credentials) — from stack config, the environment, the aliyun CLI config
 *  and the credentials file, against the emulator's STS: which source wins, what it sends, when it
 *  refreshes, and what its errors say (never a secret or a token). Temp HOME dirs, no real network. */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EcsClient } from "../../provider/client";
import {
  CredentialsConfigError,
  CredentialsNotFoundError,
  OidcRoleCredentialsProvider,
  RamRoleArnCredentialsProvider,
  resolveCredentialsProvider,
  roleConfigFromStack,
  stsEndpoint,
  StsRequestError,
  type ChainOptions,
  type Env,
} from "../../provider/client/credentials";
import { clientOptionsFromConfig } from "../../provider/configure";
import { DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET } from "../../emulator";
import { startStsEmulator, type StsFixture } from "../helpers/stsEmulator";

let sts: StsFixture;
let home: string;
let tokenFile: string;
/** The provider's clock (the emulator's is moved apart from it on purpose in some tests). */
let now: number;

beforeAll(async () => {
  sts = await startStsEmulator();
});
afterAll(() => sts.emu.close());
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), "ecs-sts-creds-"));
  tokenFile = join(home, "oidc-token");
  now = Date.now();
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

const NO_IMDS: Env = { ALIBABA_CLOUD_ECS_METADATA_DISABLED: "true" };
const resolve = (env: Env, extra: ChainOptions = {}) =>
  resolveCredentialsProvider({ env: { ...NO_IMDS, ALIBABA_CLOUD_STS_ENDPOINT: sts.emu.url, ...env }, homeDir: home, now: () => now, ...extra });

const oidcEnv = (): Env => ({
  ALIBABA_CLOUD_ROLE_ARN: sts.deployArn,
  ALIBABA_CLOUD_OIDC_PROVIDER_ARN: sts.providerArn,
  ALIBABA_CLOUD_OIDC_TOKEN_FILE: tokenFile,
});
const baseKeys: Env = { ALIBABA_CLOUD_ACCESS_KEY_ID: DEFAULT_ACCESS_KEY_ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET: DEFAULT_ACCESS_KEY_SECRET };

/** The session STS issued for these credentials. */
const sessionOf = (accessKeyId: string) => sts.emu.sts.sessions().find((s) => s.accessKeyId === accessKeyId);
const counts = () => sts.emu.admin.callCounts();

function writeCliConfig(doc: unknown): void {
  mkdirSync(join(home, ".aliyun"), { recursive: true });
  writeFileSync(join(home, ".aliyun", "config.json"), JSON.stringify(doc));
}
function writeIni(text: string): void {
  mkdirSync(join(home, ".alibabacloud"), { recursive: true });
  writeFileSync(join(home, ".alibabacloud", "credentials"), text);
}

describe("OIDC from the environment", () => {
  it("exchanges the token file's token for the role's credentials", async () => {
    sts.writeToken(tokenFile);
    const p = await resolve({ ...oidcEnv(), ALIBABA_CLOUD_ROLE_SESSION_NAME: "gha-42" });
    expect(p).toBeInstanceOf(OidcRoleCredentialsProvider);
    expect(p.source).toBe(
      `OIDC role ${sts.deployArn} via ${sts.emu.url} (environment ALIBABA_CLOUD_ROLE_ARN / ALIBABA_CLOUD_OIDC_PROVIDER_ARN / ALIBABA_CLOUD_OIDC_TOKEN_FILE; token file ${tokenFile})`,
    );
    const c = await p.getCredentials();
    expect(c.accessKeyId).toMatch(/^STS\./);
    const s = sessionOf(c.accessKeyId);
    expect(s).toMatchObject({ action: "AssumeRoleWithOIDC", roleArn: sts.deployArn, sessionName: "gha-42", assumedBy: `${sts.issuer.issuer} repo:acme/infra:ref:refs/heads/main` });
    expect(s?.expiresAt).toBe(sts.emu.admin.now() + 3600_000);
  });

  it("wins over the aliyun CLI profile and the credentials file, but not over an environment AccessKey (as the official chain)", async () => {
    sts.writeToken(tokenFile);
    writeCliConfig({ current: "default", profiles: [{ name: "default", mode: "AK", access_key_id: "cli-id", access_key_secret: "cli-secret" }] });
    expect(await resolve(oidcEnv())).toBeInstanceOf(OidcRoleCredentialsProvider);
    const withKeys = await resolve({ ...oidcEnv(), ALIBABA_CLOUD_ACCESS_KEY_ID: "env-id", ALIBABA_CLOUD_ACCESS_KEY_SECRET: "env-secret" });
    expect(withKeys.source).toBe("environment");
  });

  it("a half-set OIDC environment is an error naming what is missing", async () => {
    await expect(resolve({ ALIBABA_CLOUD_OIDC_TOKEN_FILE: tokenFile })).rejects.toThrow(
      "environment ALIBABA_CLOUD_ROLE_ARN / ALIBABA_CLOUD_OIDC_PROVIDER_ARN / ALIBABA_CLOUD_OIDC_TOKEN_FILE: the role ARN (ALIBABA_CLOUD_ROLE_ARN), the OIDC provider ARN (ALIBABA_CLOUD_OIDC_PROVIDER_ARN) are not set.",
    );
    await expect(resolve({ ...oidcEnv(), ALIBABA_CLOUD_OIDC_PROVIDER_ARN: undefined })).rejects.toBeInstanceOf(CredentialsConfigError);
  });

  it("re-reads the token file on every refresh (the platform rotates it)", async () => {
    sts.writeToken(tokenFile, { sub: "repo:acme/infra:run:1" });
    const p = await resolve(oidcEnv());
    const first = await p.getCredentials();
    expect(sessionOf(first.accessKeyId)?.assumedBy).toContain("repo:acme/infra:run:1");
    // The old token expires with the emulator's clock; the platform wrote a new one meanwhile.
    sts.emu.admin.advanceClock(3300_000);
    now += 3300_000;
    sts.writeToken(tokenFile, { sub: "repo:acme/infra:run:2" });
    const second = await p.getCredentials();
    expect(second.accessKeyId).not.toBe(first.accessKeyId);
    expect(sessionOf(second.accessKeyId)?.assumedBy).toContain("repo:acme/infra:run:2");
  });

  it("says which source failed and why, without the token: unreadable, empty, or refused by STS", async () => {
    const missing = await (await resolve(oidcEnv())).getCredentials().catch((e: Error) => e);
    expect(missing).toBeInstanceOf(CredentialsConfigError);
    expect((missing as Error).message).toBe(`${(await resolve(oidcEnv())).source}: cannot read the OIDC token file ${tokenFile} (ENOENT).`);

    writeFileSync(tokenFile, "  \n");
    await expect((await resolve(oidcEnv())).getCredentials()).rejects.toThrow(`the OIDC token file ${tokenFile} is empty.`);

    const stale = sts.writeToken(tokenFile, { exp: Math.floor(sts.emu.admin.now() / 1000) - 1 });
    const err = (await (await resolve(oidcEnv())).getCredentials().catch((e: unknown) => e)) as StsRequestError;
    expect(err).toBeInstanceOf(StsRequestError);
    expect(err.code).toBe("AuthenticationFail.OIDCToken.Expired");
    expect(err.httpStatus).toBe(401);
    expect(err.message).toMatch(
      new RegExp(`^OIDC role .* failed: AuthenticationFail\\.OIDCToken\\.Expired \\(HTTP 401\\): This JsonWebToken is expired\\. RequestId: [0-9A-F-]{36}\\.$`),
    );
    expect(err.message).not.toContain(stale);
    expect(err.message).not.toContain(stale.split(".")[2]);
  });
});

describe("OIDC from stack config (alicloud-ecs:assumeRoleWithOidc)", () => {
  it("comes first in the chain; unset fields fall back to the environment", async () => {
    sts.writeToken(tokenFile);
    const p = await resolve(
      { ...baseKeys, ALIBABA_CLOUD_OIDC_PROVIDER_ARN: sts.providerArn },
      { accessKeyId: "cfg-id", accessKeySecret: "cfg-secret", assumeRoleWithOidc: { roleArn: sts.deployArn, oidcTokenFile: tokenFile, sessionName: "from-config", durationSeconds: 900 } },
    );
    expect(p.source).toContain("(stack config alicloud-ecs:assumeRoleWithOidc; token file");
    const c = await p.getCredentials();
    expect(sessionOf(c.accessKeyId)).toMatchObject({ sessionName: "from-config", expiresAt: sts.emu.admin.now() + 900_000 });
  });
});

describe("RAM role (AssumeRole) with base credentials", () => {
  it("stack config alicloud-ecs:assumeRole wraps the stack config AccessKey, with external id and policy", async () => {
    const policy = JSON.stringify({ Version: "1", Statement: [{ Effect: "Allow", Action: "ecs:Describe*", Resource: "*" }] });
    const p = await resolve(
      {},
      {
        accessKeyId: DEFAULT_ACCESS_KEY_ID,
        accessKeySecret: DEFAULT_ACCESS_KEY_SECRET,
        assumeRole: { roleArn: sts.opsArn, sessionName: "pipeline", externalId: "ops-ext", policy, durationSeconds: 7200 },
      },
    );
    expect(p).toBeInstanceOf(RamRoleArnCredentialsProvider);
    expect(p.source).toBe(`RAM role ${sts.opsArn} via ${sts.emu.url} (stack config alicloud-ecs:assumeRole), assumed with: provider options`);
    const c = await p.getCredentials();
    expect(sessionOf(c.accessKeyId)).toMatchObject({ action: "AssumeRole", roleArn: sts.opsArn, sessionName: "pipeline", expiresAt: sts.emu.admin.now() + 7200_000 });
    expect(sessionOf(c.accessKeyId)?.assumedBy).toBe(`acs:ram::${sts.emu.sts.accountId()}:user/${DEFAULT_ACCESS_KEY_ID}`);

    const wrongId = await resolve({}, { accessKeyId: DEFAULT_ACCESS_KEY_ID, accessKeySecret: DEFAULT_ACCESS_KEY_SECRET, assumeRole: { roleArn: sts.opsArn, externalId: "guess" } });
    await expect(wrongId.getCredentials()).rejects.toMatchObject({ code: "NoPermission", httpStatus: 403 });
  });

  it("ALIBABA_CLOUD_ROLE_ARN without the OIDC variables assumes the role with the environment's AccessKey", async () => {
    const p = await resolve({ ...baseKeys, ALIBABA_CLOUD_ROLE_ARN: sts.opsArn, ALIBABA_CLOUD_ROLE_SESSION_NAME: "env-session" });
    expect(p.source).toBe(`RAM role ${sts.opsArn} via ${sts.emu.url} (environment ALIBABA_CLOUD_ROLE_ARN), assumed with: environment`);
    expect(sessionOf((await p.getCredentials()).accessKeyId)?.sessionName).toBe("env-session");
  });

  it("chains: alicloud-ecs:assumeRole on top of OIDC credentials", async () => {
    const uid = sts.emu.sts.accountId();
    const hop = sts.emu.sts.putRole({ name: "hop", trustPolicy: { Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Principal: { RAM: [`acs:ram::${uid}:role/deploy`] } }] } });
    sts.writeToken(tokenFile);
    const p = await resolve(oidcEnv(), { assumeRole: { roleArn: hop.arn } });
    expect(p.source).toMatch(/^RAM role .*role\/hop .* assumed with: OIDC role .*role\/deploy/);
    expect(sessionOf((await p.getCredentials()).accessKeyId)?.assumedBy).toMatch(/:assumed-role\/deploy\/pulumi-alicloud-ecs-\d+$/);
  });

  it("an STS refusal never quotes the base secret or token, even encoded in the server's string to sign", async () => {
    const token = "CAIS+base/token==" + "x".repeat(40);
    const p = await resolve({}, { accessKeyId: DEFAULT_ACCESS_KEY_ID, accessKeySecret: "wrong-secret-value", securityToken: token, assumeRole: { roleArn: sts.opsArn } });
    const err = (await p.getCredentials().catch((e: unknown) => e)) as StsRequestError;
    expect(err.code).toBe("SignatureDoesNotMatch");
    expect(err.message).toContain("server string to sign is:");
    for (const secret of ["wrong-secret-value", token, encodeURIComponent(token), encodeURIComponent(encodeURIComponent(token))]) expect(err.message).not.toContain(secret);
  });

  it("checks the session settings before calling STS", async () => {
    await expect(resolve(baseKeys, { assumeRole: { roleArn: sts.opsArn, durationSeconds: 600 } })).rejects.toThrow(
      "stack config alicloud-ecs:assumeRole: the role session duration must be a whole number of seconds, at least 900.",
    );
    await expect(resolve(baseKeys, { assumeRole: { roleArn: sts.opsArn, sessionName: "has space" } })).rejects.toThrow(/session name must be 2-64 letters/);
    await expect(resolve({}, { assumeRole: { roleArn: sts.opsArn } })).rejects.toBeInstanceOf(CredentialsNotFoundError);
  });
});

describe("profiles", () => {
  const profiles = () => ({
    current: "arn",
    profiles: [
      { name: "keys", mode: "AK", access_key_id: DEFAULT_ACCESS_KEY_ID, access_key_secret: DEFAULT_ACCESS_KEY_SECRET },
      { name: "arn", mode: "RamRoleArn", access_key_id: DEFAULT_ACCESS_KEY_ID, access_key_secret: DEFAULT_ACCESS_KEY_SECRET, ram_role_arn: sts.opsArn, ram_session_name: "cli-arn", expired_seconds: 1800, sts_endpoint: sts.emu.url },
      { name: "chain", mode: "ChainableRamRoleArn", source_profile: "keys", ram_role_arn: sts.opsArn, ram_session_name: "cli-chain" },
      { name: "oidc", mode: "OIDC", ram_session_name: "cli-oidc", oidc_token_file: tokenFile, oidc_provider_arn: sts.providerArn },
      { name: "loop-a", mode: "ChainableRamRoleArn", source_profile: "loop-b", ram_role_arn: sts.opsArn },
      { name: "loop-b", mode: "ChainableRamRoleArn", source_profile: "loop-a", ram_role_arn: sts.opsArn },
    ],
  });

  it("aliyun CLI RamRoleArn: its own AccessKey, role, session name, duration and STS endpoint", async () => {
    writeCliConfig(profiles());
    const p = await resolveCredentialsProvider({ env: NO_IMDS, homeDir: home });
    expect(p.source).toContain(`(aliyun CLI config ${join(home, ".aliyun", "config.json")} profile "arn"), assumed with: aliyun CLI config`);
    const c = await p.getCredentials();
    expect(sessionOf(c.accessKeyId)).toMatchObject({ roleArn: sts.opsArn, sessionName: "cli-arn", expiresAt: sts.emu.admin.now() + 1800_000 });
  });

  it("aliyun CLI ChainableRamRoleArn assumes with its source profile's credentials; a loop is an error", async () => {
    writeCliConfig(profiles());
    const p = await resolve({ ALIBABA_CLOUD_PROFILE: "chain" });
    expect(p.source).toMatch(/profile "chain"\), assumed with: aliyun CLI config .* profile "keys"$/);
    expect(sessionOf((await p.getCredentials()).accessKeyId)?.sessionName).toBe("cli-chain");
    await expect(resolve({ ALIBABA_CLOUD_PROFILE: "loop-a" })).rejects.toThrow(/source_profile "loop-a" leads back to itself \(loop-a → loop-b → loop-a\)/);
  });

  it("aliyun CLI OIDC mode: what the profile leaves out comes from the environment (here the role)", async () => {
    writeCliConfig(profiles());
    sts.writeToken(tokenFile);
    const p = await resolve({ ALIBABA_CLOUD_PROFILE: "oidc", ALIBABA_CLOUD_ROLE_ARN: sts.deployArn });
    expect(p).toBeInstanceOf(OidcRoleCredentialsProvider);
    expect(sessionOf((await p.getCredentials()).accessKeyId)).toMatchObject({ roleArn: sts.deployArn, sessionName: "cli-oidc" });
  });

  it("the credentials file: type = ram_role_arn and type = oidc_role_arn", async () => {
    sts.writeToken(tokenFile);
    writeIni(
      [
        "[default]",
        "type = ram_role_arn",
        `access_key_id = ${DEFAULT_ACCESS_KEY_ID}`,
        `access_key_secret = ${DEFAULT_ACCESS_KEY_SECRET}`,
        `role_arn = ${sts.opsArn}`,
        "role_session_name = ini-arn",
        "",
        "[ci]",
        "type = oidc_role_arn",
        `role_arn = ${sts.deployArn}`,
        `oidc_provider_arn = ${sts.providerArn}`,
        `oidc_token_file_path = ${tokenFile}`,
        "role_session_name = ini-oidc",
      ].join("\n"),
    );
    const arn = await resolve({});
    expect(arn.source).toContain("section [default]), assumed with: credentials file");
    expect(sessionOf((await arn.getCredentials()).accessKeyId)?.sessionName).toBe("ini-arn");
    const oidc = await resolve({ ALIBABA_CLOUD_PROFILE: "ci" });
    expect(oidc).toBeInstanceOf(OidcRoleCredentialsProvider);
    expect(sessionOf((await oidc.getCredentials()).accessKeyId)?.sessionName).toBe("ini-oidc");
  });

  it("ALIBABA_CLOUD_ROLE_ARN does not wrap a profile that already assumes a role", async () => {
    writeCliConfig(profiles());
    const p = await resolve({ ALIBABA_CLOUD_ROLE_ARN: sts.deployArn });
    expect(p.source).toMatch(/^RAM role .*role\/ops .*profile "arn"\), assumed with: aliyun CLI config/);
  });
});

describe("refresh", () => {
  it("caches until 5 minutes before Expiration, shares one refresh among concurrent callers", async () => {
    sts.writeToken(tokenFile);
    const p = await resolve(oidcEnv());
    const before = counts().AssumeRoleWithOIDC ?? 0;
    const first = await p.getCredentials();
    now += 54 * 60_000; // 6 minutes left
    expect(await p.getCredentials()).toBe(first);
    now += 2 * 60_000; // 4 minutes left: refresh
    sts.emu.admin.advanceClock(56 * 60_000);
    sts.writeToken(tokenFile);
    const many = await Promise.all([p.getCredentials(), p.getCredentials(), p.getCredentials()]);
    expect(new Set(many.map((c) => c.accessKeyId)).size).toBe(1);
    expect(many[0].accessKeyId).not.toBe(first.accessKeyId);
    expect((counts().AssumeRoleWithOIDC ?? 0) - before).toBe(2);
  });

  it("a short session refreshes at half its lifetime, not on every call", async () => {
    sts.writeToken(tokenFile);
    const p = await resolve(oidcEnv(), { assumeRoleWithOidc: { durationSeconds: 900 }, refreshMarginMs: 15 * 60_000 });
    const before = counts().AssumeRoleWithOIDC ?? 0;
    const first = await p.getCredentials();
    for (let i = 0; i < 50; i++) await p.getCredentials();
    now += 449_000;
    expect(await p.getCredentials()).toBe(first);
    expect((counts().AssumeRoleWithOIDC ?? 0) - before).toBe(1);
  });

  it("measures the lifetime on STS's clock: a skewed local clock neither keeps expired credentials nor refreshes each call", async () => {
    sts.writeToken(tokenFile);
    now -= 2 * 3600_000; // the machine's clock is two hours behind STS's
    const p = await resolve(oidcEnv());
    const c = await p.getCredentials();
    expect(c.expiresAt).toBeGreaterThan(now + 3600_000 - 2000);
    expect(c.expiresAt).toBeLessThanOrEqual(now + 3600_000);
  });

  it("STS throttling is retried with the client's one retry policy", async () => {
    sts.writeToken(tokenFile);
    sts.emu.admin.injectFault({ type: "throttling", action: "AssumeRoleWithOIDC", count: 2, retryAfterMs: 10 });
    const before = counts().AssumeRoleWithOIDC ?? 0;
    const c = await (await resolve(oidcEnv())).getCredentials();
    expect(c.accessKeyId).toMatch(/^STS\./);
    expect((counts().AssumeRoleWithOIDC ?? 0) - before).toBe(3);
  });

  it("a failed refresh keeps credentials that have not expired yet", async () => {
    sts.writeToken(tokenFile);
    const p = await resolve(oidcEnv());
    const first = await p.getCredentials();
    now += 57 * 60_000;
    rmSync(tokenFile);
    expect(await p.getCredentials()).toBe(first);
    now += 3 * 60_000;
    await expect(p.getCredentials()).rejects.toThrow("cannot read the OIDC token file");
  });

  it("the ECS client fetches new credentials once when ECS says the token expired before our clock did", async () => {
    sts.writeToken(tokenFile);
    const client = new EcsClient({ env: { ...NO_IMDS, ...oidcEnv(), ALIBABA_CLOUD_STS_ENDPOINT: sts.emu.url }, homeDir: home, endpoint: sts.emu.url, region: "cn-hangzhou", rateLimit: 0 });
    try {
      await client.call("DescribeRegions");
      const before = { refused: sts.emu.sts.expiredRefusals(), issued: counts().AssumeRoleWithOIDC ?? 0 };
      sts.emu.admin.advanceClock(2 * 3600_000); // STS's clock jumps; ours does not
      sts.writeToken(tokenFile);
      const r = await client.call<{ Regions: { Region: unknown[] } }>("DescribeRegions");
      expect(r.Regions.Region.length).toBeGreaterThan(0);
      expect(sts.emu.sts.expiredRefusals() - before.refused).toBe(1);
      expect((counts().AssumeRoleWithOIDC ?? 0) - before.issued).toBe(1);
    } finally {
      await client.close();
    }
  });
});

describe("settings", () => {
  it("STS endpoint: option, source's endpoint, ALIBABA_CLOUD_STS_ENDPOINT, source's region, ALIBABA_CLOUD_STS_REGION (+ VPC), default", () => {
    expect(stsEndpoint({}, {})).toBe("https://sts.aliyuncs.com");
    expect(stsEndpoint({}, { ALIBABA_CLOUD_STS_REGION: "cn-shanghai" })).toBe("https://sts.cn-shanghai.aliyuncs.com");
    expect(stsEndpoint({}, { ALIBABA_CLOUD_STS_REGION: "cn-shanghai", ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED: "TRUE" })).toBe("https://sts-vpc.cn-shanghai.aliyuncs.com");
    expect(stsEndpoint({}, { ALIBABA_CLOUD_STS_REGION: "cn-shanghai" }, { region: "cn-beijing", vpc: true })).toBe("https://sts-vpc.cn-beijing.aliyuncs.com");
    expect(stsEndpoint({}, { ALIBABA_CLOUD_STS_ENDPOINT: "sts-vpc.cn-hangzhou.aliyuncs.com" }, { region: "cn-beijing" })).toBe("https://sts-vpc.cn-hangzhou.aliyuncs.com");
    expect(stsEndpoint({}, { ALIBABA_CLOUD_STS_ENDPOINT: "sts.x.aliyuncs.com" }, { endpoint: "127.0.0.1:9" })).toBe("http://127.0.0.1:9");
    expect(stsEndpoint({ stsEndpoint: "http://localhost:8833/" }, {}, { endpoint: "127.0.0.1:9" })).toBe("http://localhost:8833");
  });

  it("stack config objects: JSON text or objects, unknown keys and bad values named", () => {
    expect(roleConfigFromStack("assumeRole", '{"roleArn":"acs:ram::1:role/r","durationSeconds":"1800","policy":{"Version":"1","Statement":[]}}')).toEqual({
      roleArn: "acs:ram::1:role/r",
      durationSeconds: 1800,
      policy: '{"Version":"1","Statement":[]}',
    });
    expect(() => roleConfigFromStack("assumeRole", { roleArn: "r", externalID: "x" })).toThrow("alicloud-ecs:assumeRole.externalID is not a setting; use roleArn, sessionName, externalId, policy, durationSeconds");
    expect(() => roleConfigFromStack("assumeRole", { sessionName: "x" })).toThrow("alicloud-ecs:assumeRole.roleArn is required");
    expect(() => roleConfigFromStack("assumeRoleWithOidc", { durationSeconds: 60 })).toThrow("durationSeconds must be a whole number of seconds, at least 900");
    expect(() => roleConfigFromStack("assumeRoleWithOidc", "not json")).toThrow("alicloud-ecs:assumeRoleWithOidc must be an object");
    expect(roleConfigFromStack("assumeRoleWithOidc", {})).toEqual({});
  });

  it("the provider's configure hook reads assumeRole, assumeRoleWithOidc and stsEndpoint", () => {
    const config: Record<string, unknown> = {
      "alicloud-ecs:assumeRole": '{"roleArn":"acs:ram::1:role/ops","externalId":"e"}',
      "alicloud-ecs:assumeRoleWithOidc": '{"oidcTokenFile":"/var/run/token"}',
      "alicloud-ecs:stsEndpoint": "http://127.0.0.1:8833",
    };
    expect(clientOptionsFromConfig((k) => config[k])).toEqual({
      assumeRole: { roleArn: "acs:ram::1:role/ops", externalId: "e" },
      assumeRoleWithOidc: { oidcTokenFile: "/var/run/token" },
      stsEndpoint: "http://127.0.0.1:8833",
    });
  });
});
