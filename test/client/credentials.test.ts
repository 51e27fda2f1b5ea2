import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  CredentialsConfigError,
  CredentialsNotFoundError,
  EcsRamRoleCredentialsProvider,
  RegionNotFoundError,
  endpointFor,
  endpointOverride,
  parseIni,
  resolveCredentialsProvider,
  resolveRegion,
  type Env,
} from "../../provider/client/credentials";
import { EcsClient } from "../../provider/client";

const NO_IMDS: Env = { ALIBABA_CLOUD_ECS_METADATA_DISABLED: "true" };

let home: string;
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), "ecs-creds-"));
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

function writeCliConfig(doc: unknown): void {
  mkdirSync(join(home, ".aliyun"), { recursive: true });
  writeFileSync(join(home, ".aliyun", "config.json"), JSON.stringify(doc));
}
function writeIni(text: string, path = join(home, ".alibabacloud", "credentials")): string {
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(path, text);
  return path;
}
async function resolve(env: Env, extra: Parameters<typeof resolveCredentialsProvider>[0] = {}) {
  const p = await resolveCredentialsProvider({ env: { ...NO_IMDS, ...env }, homeDir: home, ...extra });
  return { source: p.source, creds: await p.getCredentials() };
}

const cli = {
  current: "default",
  profiles: [
    { name: "default", mode: "AK", access_key_id: "cli-id", access_key_secret: "cli-secret", region_id: "cn-beijing" },
    { name: "sts", mode: "StsToken", access_key_id: "sts-id", access_key_secret: "sts-secret", sts_token: "sts-token", region_id: "cn-shanghai" },
    { name: "sso", mode: "CloudSSO", cloud_sso_sign_in_url: "https://signin.example" },
  ],
};

describe("credentials chain", () => {
  it("prefers explicit options over everything else", async () => {
    writeCliConfig(cli);
    const r = await resolve({ ALIBABA_CLOUD_ACCESS_KEY_ID: "env-id", ALIBABA_CLOUD_ACCESS_KEY_SECRET: "env-secret" }, {
      accessKeyId: "opt-id",
      accessKeySecret: "opt-secret",
      securityToken: "opt-token",
    });
    expect(r.source).toBe("provider options");
    expect(r.creds).toEqual({ accessKeyId: "opt-id", accessKeySecret: "opt-secret", securityToken: "opt-token" });
  });

  it("then ALIBABA_CLOUD_* environment, then the older ALICLOUD_* names", async () => {
    writeCliConfig(cli);
    const a = await resolve({
      ALIBABA_CLOUD_ACCESS_KEY_ID: "env-id",
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: "env-secret",
      ALIBABA_CLOUD_SECURITY_TOKEN: "env-token",
      ALICLOUD_ACCESS_KEY: "old-id",
      ALICLOUD_SECRET_KEY: "old-secret",
    });
    expect(a.creds).toEqual({ accessKeyId: "env-id", accessKeySecret: "env-secret", securityToken: "env-token" });
    const b = await resolve({ ALICLOUD_ACCESS_KEY: "old-id", ALICLOUD_SECRET_KEY: "old-secret", ALICLOUD_SECURITY_TOKEN: "old-token" });
    expect(b.creds).toEqual({ accessKeyId: "old-id", accessKeySecret: "old-secret", securityToken: "old-token" });
    expect(b.source).toBe("environment");
  });

  it("rejects a half-set pair instead of silently skipping it", async () => {
    await expect(resolve({ ALIBABA_CLOUD_ACCESS_KEY_ID: "only-id" })).rejects.toThrow(
      "environment: ALIBABA_CLOUD_ACCESS_KEY_ID is set but ALIBABA_CLOUD_ACCESS_KEY_SECRET is not",
    );
    await expect(resolve({}, { accessKeySecret: "s" })).rejects.toThrow(CredentialsConfigError);
  });

  it("then the aliyun CLI config: current profile, or the one ALIBABA_CLOUD_PROFILE / options.profile picks", async () => {
    writeCliConfig(cli);
    const current = await resolve({});
    expect(current.creds).toEqual({ accessKeyId: "cli-id", accessKeySecret: "cli-secret" });
    expect(current.source).toContain('profile "default"');
    const sts = await resolve({ ALIBABA_CLOUD_PROFILE: "sts" });
    expect(sts.creds).toEqual({ accessKeyId: "sts-id", accessKeySecret: "sts-secret", securityToken: "sts-token" });
    const fromOption = await resolve({ ALIBABA_CLOUD_PROFILE: "default" }, { profile: "sts" });
    expect(fromOption.creds.accessKeyId).toBe("sts-id");
  });

  it("names an unsupported CLI mode", async () => {
    writeCliConfig(cli);
    await expect(resolve({ ALIBABA_CLOUD_PROFILE: "sso" })).rejects.toThrow(/uses mode "CloudSSO", which this provider does not support; use AK, StsToken, RamRoleArn/);
  });

  it("then the INI credentials file, also at ALIBABA_CLOUD_CREDENTIALS_FILE", async () => {
    writeIni("[default]\ntype = access_key\naccess_key_id = ini-id\naccess_key_secret = ini-secret\n\n[other]\ntype = sts\naccess_key_id = o-id\naccess_key_secret = o-secret\nsecurity_token = o-token\n");
    const d = await resolve({});
    expect(d.creds).toEqual({ accessKeyId: "ini-id", accessKeySecret: "ini-secret" });
    expect(d.source).toContain("section [default]");
    const o = await resolve({ ALIBABA_CLOUD_PROFILE: "other" });
    expect(o.creds).toEqual({ accessKeyId: "o-id", accessKeySecret: "o-secret", securityToken: "o-token" });
    const custom = writeIni("[default]\naccess_key_id = c-id\naccess_key_secret = c-secret\n", join(home, "elsewhere", "creds.ini"));
    const c = await resolve({ ALIBABA_CLOUD_CREDENTIALS_FILE: custom });
    expect(c.creds.accessKeyId).toBe("c-id");
  });

  it("uses the CLI config before the INI file", async () => {
    writeCliConfig(cli);
    writeIni("[default]\naccess_key_id = ini-id\naccess_key_secret = ini-secret\n");
    expect((await resolve({})).creds.accessKeyId).toBe("cli-id");
  });

  it("falls through to the INI file when the CLI config lacks the requested profile", async () => {
    writeCliConfig(cli);
    writeIni("[team]\naccess_key_id = team-id\naccess_key_secret = team-secret\n");
    expect((await resolve({ ALIBABA_CLOUD_PROFILE: "team" })).creds.accessKeyId).toBe("team-id");
  });

  it("lists every place it looked at when nothing is found", async () => {
    const err = (await resolve({}).catch((e: unknown) => e)) as CredentialsNotFoundError;
    expect(err).toBeInstanceOf(CredentialsNotFoundError);
    expect(err.places).toEqual([
      "provider options alicloud-ecs:accessKeyId / alicloud-ecs:accessKeySecret: not set",
      "environment ALIBABA_CLOUD_ACCESS_KEY_ID / ALIBABA_CLOUD_ACCESS_KEY_SECRET: not set",
      "environment ALICLOUD_ACCESS_KEY / ALICLOUD_SECRET_KEY: not set",
      "environment ALIBABA_CLOUD_OIDC_PROVIDER_ARN / ALIBABA_CLOUD_OIDC_TOKEN_FILE (OIDC): not set",
      `aliyun CLI config ${join(home, ".aliyun", "config.json")}: file not found`,
      `credentials file ${join(home, ".alibabacloud", "credentials")}: file not found`,
      "ECS RAM role (metadata service http://100.100.100.200): disabled by ALIBABA_CLOUD_ECS_METADATA_DISABLED=true",
    ]);
    expect(err.message).toMatch(/^No Alibaba Cloud credentials found\. Looked at, in order:\n {2}- provider options/);
    expect(err.message).toContain("pulumi config set --secret alicloud-ecs:accessKeySecret");
  });

  it("does not try the metadata service for a profile that exists nowhere", async () => {
    writeCliConfig(cli);
    const err = (await resolve({ ALIBABA_CLOUD_PROFILE: "missing", ALIBABA_CLOUD_ECS_METADATA_DISABLED: undefined }).catch((e: unknown) => e)) as CredentialsNotFoundError;
    expect(err.places).toContain(`aliyun CLI config ${join(home, ".aliyun", "config.json")}: no profile "missing"`);
    expect(err.places[err.places.length - 1]).toMatch(/not tried, because profile "missing" was asked for/);
  });

  it("parses INI comments, quotes and blank lines", () => {
    expect(parseIni('# c\n; c\n[a]\nk = "v 1"\n\n[ b ]\nx=1\n')).toEqual({ a: { k: "v 1" }, b: { x: "1" } });
  });
});

describe("region and endpoint", () => {
  it("reads options, then ALIBABA_CLOUD_REGION_ID, then ALICLOUD_REGION, then the profile's region_id", () => {
    writeCliConfig(cli);
    expect(resolveRegion({ region: "eu-central-1", env: { ALIBABA_CLOUD_REGION_ID: "x" }, homeDir: home })).toBe("eu-central-1");
    expect(resolveRegion({ env: { ALIBABA_CLOUD_REGION_ID: "ap-south-1", ALICLOUD_REGION: "y" }, homeDir: home })).toBe("ap-south-1");
    expect(resolveRegion({ env: { ALICLOUD_REGION: "us-east-1" }, homeDir: home })).toBe("us-east-1");
    expect(resolveRegion({ env: {}, homeDir: home })).toBe("cn-beijing");
    expect(resolveRegion({ env: { ALIBABA_CLOUD_PROFILE: "sts" }, homeDir: home })).toBe("cn-shanghai");
  });

  it("says where it looked when no region is set", () => {
    expect(() => resolveRegion({ env: {}, homeDir: home })).toThrow(RegionNotFoundError);
    expect(() => resolveRegion({ env: {}, homeDir: home })).toThrow(/alicloud-ecs:region: not set[\s\S]*ALIBABA_CLOUD_REGION_ID/);
  });

  it("maps regions to the reference's endpoints and honours overrides", () => {
    expect(endpointFor("eu-central-1", undefined)).toBe("https://ecs.eu-central-1.aliyuncs.com");
    expect(endpointFor("cn-zhangjiakou", undefined)).toBe("https://ecs.cn-zhangjiakou.aliyuncs.com");
    expect(endpointFor("cn-hangzhou", undefined)).toBe("https://ecs.aliyuncs.com");
    expect(endpointOverride({ endpoint: "127.0.0.1:8080", env: {} })).toBe("http://127.0.0.1:8080");
    expect(endpointOverride({ env: { ALIBABA_CLOUD_ECS_ENDPOINT: "http://127.0.0.1:9/" } })).toBe("http://127.0.0.1:9");
    expect(endpointOverride({ env: { ALIBABA_CLOUD_ECS_ENDPOINT: "ecs.example.com" } })).toBe("https://ecs.example.com");
    expect(endpointOverride({ env: {} })).toBeUndefined();
  });
});

/** A fake ECS metadata service (IMDSv2): token first, then role list and credentials. */
async function startMetadata(opts: { role?: string; expiresInMs: () => number; tokenRequired?: boolean }) {
  const log: { method: string; url: string; token?: string }[] = [];
  let issued = 0;
  const server: Server = createServer((req: IncomingMessage, res) => {
    const token = req.headers["x-aliyun-ecs-metadata-token"] as string | undefined;
    log.push({ method: req.method ?? "", url: req.url ?? "", token });
    if (req.method === "PUT" && req.url === "/latest/api/token") {
      if (req.headers["x-aliyun-ecs-metadata-token-ttl-seconds"] === undefined) return void res.writeHead(400).end();
      return void res.writeHead(200).end("imds-token");
    }
    if ((opts.tokenRequired ?? true) && token !== "imds-token") return void res.writeHead(401).end();
    if (req.url === "/latest/meta-data/ram/security-credentials/") return void res.writeHead(200).end(`${opts.role ?? "web-role"}\n`);
    if (req.url === `/latest/meta-data/ram/security-credentials/${opts.role ?? "web-role"}`) {
      issued++;
      return void res.writeHead(200).end(
        JSON.stringify({
          Code: "Success",
          AccessKeyId: `STS.id-${issued}`,
          AccessKeySecret: `sts-secret-${issued}`,
          SecurityToken: `token-${issued}`,
          Expiration: new Date(Date.now() + opts.expiresInMs()).toISOString(),
        }),
      );
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, log, close: () => new Promise<void>((r) => server.close(() => r())) };
}

describe("ECS RAM role via the metadata service", () => {
  it("is found last in the chain, with the IMDSv2 token on every read", async () => {
    const md = await startMetadata({ expiresInMs: () => 6 * 3600_000 });
    try {
      const p = await resolveCredentialsProvider({ env: {}, homeDir: home, metadataEndpoint: md.url });
      expect(p.source).toBe(`ECS RAM role (metadata service ${md.url})`);
      expect(await p.getCredentials()).toMatchObject({ accessKeyId: "STS.id-1", accessKeySecret: "sts-secret-1", securityToken: "token-1" });
      expect(md.log.map((l) => `${l.method} ${l.url}`)).toEqual([
        "PUT /latest/api/token",
        "GET /latest/meta-data/ram/security-credentials/",
        "GET /latest/meta-data/ram/security-credentials/web-role",
      ]);
      expect(md.log.filter((l) => l.method === "GET").every((l) => l.token === "imds-token")).toBe(true);
      // still fresh: no new request
      await p.getCredentials();
      expect(md.log).toHaveLength(3);
    } finally {
      await md.close();
    }
  });

  it("takes its URL from ALIBABA_CLOUD_ECS_METADATA_ENDPOINT and the role from ALIBABA_CLOUD_ECS_METADATA", async () => {
    const md = await startMetadata({ role: "named", expiresInMs: () => 3600_000 });
    try {
      const p = await resolveCredentialsProvider({ env: { ALIBABA_CLOUD_ECS_METADATA_ENDPOINT: md.url, ALIBABA_CLOUD_ECS_METADATA: "named" }, homeDir: home });
      expect((await p.getCredentials()).accessKeyId).toBe("STS.id-1");
      expect(md.log.map((l) => l.url)).not.toContain("/latest/meta-data/ram/security-credentials/");
    } finally {
      await md.close();
    }
  });

  it("refreshes temporary credentials before they expire, and shares one refresh among callers", async () => {
    let now = Date.now();
    const md = await startMetadata({ expiresInMs: () => 10 * 60_000 });
    try {
      const p = new EcsRamRoleCredentialsProvider({ endpoint: md.url, timeoutMs: 1000, refreshMarginMs: 5 * 60_000, now: () => now });
      expect((await p.getCredentials()).accessKeyId).toBe("STS.id-1");
      now += 4 * 60_000; // 6 min left: still fresh
      expect((await p.getCredentials()).accessKeyId).toBe("STS.id-1");
      now += 2 * 60_000; // 4 min left: inside the 5 min margin
      const many = await Promise.all([p.getCredentials(), p.getCredentials(), p.getCredentials()]);
      expect(many.map((c) => c.accessKeyId)).toEqual(["STS.id-2", "STS.id-2", "STS.id-2"]);
      expect(md.log.filter((l) => l.url.endsWith("/web-role"))).toHaveLength(2);
    } finally {
      await md.close();
    }
  });

  it("signs calls with the refreshed STS credentials end to end", async () => {
    const md = await startMetadata({ expiresInMs: () => 0 }); // already due when they arrive
    const seen: string[] = [];
    const ecs = createServer((req, res) => {
      seen.push(`${req.headers.authorization}`.split(",")[0] + " " + req.headers["x-acs-security-token"]);
      res.writeHead(200, { "content-type": "application/json" }).end('{"RequestId":"r"}');
    });
    await new Promise<void>((r) => ecs.listen(0, "127.0.0.1", r));
    const c = new EcsClient({ env: {}, homeDir: home, metadataEndpoint: md.url, endpoint: `http://127.0.0.1:${(ecs.address() as AddressInfo).port}`, rateLimit: 0 });
    try {
      await c.call("DescribeRegions");
      await c.call("DescribeRegions");
      // id-1 was fetched while the chain probed the service; each call then finds it stale and refreshes
      expect(seen).toEqual(["ACS3-HMAC-SHA256 Credential=STS.id-2 token-2", "ACS3-HMAC-SHA256 Credential=STS.id-3 token-3"]);
      expect(await c.credentialsSource()).toContain("ECS RAM role");
    } finally {
      await c.close();
      ecs.closeAllConnections();
      await new Promise<void>((r) => ecs.close(() => r()));
      await md.close();
    }
  });

  it("reports an unreachable metadata service quickly, as one of the places looked at", async () => {
    const md = await startMetadata({ expiresInMs: () => 0 });
    const url = md.url;
    await md.close();
    const t0 = Date.now();
    const err = (await resolveCredentialsProvider({ env: {}, homeDir: home, metadataEndpoint: url, metadataTimeoutMs: 300 }).catch((e: unknown) => e)) as CredentialsNotFoundError;
    expect(err).toBeInstanceOf(CredentialsNotFoundError);
    expect(err.places[err.places.length - 1]).toMatch(new RegExp(`^ECS RAM role \\(metadata service ${url}\\): `));
    expect(Date.now() - t0).toBeLessThan(2000);
  });
});
