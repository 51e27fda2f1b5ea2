/** Our credentials chain beside the official @alicloud/credentials (2.4.7) on the same environment
 *  variables and files: the same source is chosen (same static key, or the same role session: role,
 *  session name, base identity, duration), the same STS request goes out (every parameter, and
 *  whether it travels in the query or the form body), and the same STS endpoint is picked. Both
 *  talk to the emulator's STS through a recording proxy; the official client's HTTPS-only requests
 *  reach it over HTTP by swapping only the scheme and host in its own doRequest seam. Where the two
 *  chains differ on purpose, the tests say so. */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { resolveCredentialsProvider } from "../../provider/client/credentials";
import { DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET } from "../../emulator";
import { startStsEmulator, type StsFixture } from "../helpers/stsEmulator";

// The official package's HTTP seam (its providers copy doRequest from this module when built).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const officialHttp = require("@alicloud/credentials/dist/src/providers/http") as { doRequest: (req: OfficialRequest) => Promise<unknown> };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { DefaultCredentialsProvider } = require("@alicloud/credentials") as { DefaultCredentialsProvider: { builder(): { build(): OfficialProvider } } };

interface OfficialRequest {
  protocol: string;
  host: string;
}
interface OfficialProvider {
  getCredentials(): Promise<{ accessKeyId: string; providerName: string }>;
  /** The default chain's sources; the file-based ones keep the home directory in `homedir` ("used for mock"). */
  providers: { homedir?: string }[];
}

interface Recorded {
  query: Record<string, string>;
  body: Record<string, string>;
}

let sts: StsFixture;
let proxy: Server;
let proxyHost: string;
let recorded: Recorded[] = [];
/** Hosts the official client meant to reach before the scheme/host swap. */
let officialHosts: string[] = [];
let home: string;
let tokenFile: string;
const savedEnv = { ...process.env };
const originalDoRequest = officialHttp.doRequest;

const VOLATILE = new Set(["Timestamp", "SignatureNonce", "Signature"]);
const stable = (p: URLSearchParams): Record<string, string> => Object.fromEntries([...p].filter(([k]) => !VOLATILE.has(k)).sort(([a], [b]) => (a < b ? -1 : 1)));

beforeAll(async () => {
  sts = await startStsEmulator();
  // Records each STS request, then hands it to the emulator unchanged.
  proxy = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const url = new URL(req.url ?? "/", "http://proxy");
      recorded.push({ query: stable(url.searchParams), body: stable(new URLSearchParams(body.toString("utf8"))) });
      const upstream = request(`${sts.emu.url}${req.url}`, { method: req.method, headers: { ...req.headers, host: new URL(sts.emu.url).host } }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      upstream.end(body);
    });
  });
  await new Promise<void>((r) => proxy.listen(0, "127.0.0.1", r));
  proxyHost = `127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  officialHttp.doRequest = (req: OfficialRequest) => {
    // Only STS goes to the emulator; anything else (metadata service, credentials URI) finds no network.
    if (!/^sts(-vpc)?\.([a-z0-9-]+\.)?aliyuncs\.com$/.test(req.host)) return Promise.reject(new Error(`no network in tests (${req.host})`));
    officialHosts.push(req.host);
    req.protocol = "http";
    req.host = proxyHost;
    return originalDoRequest(req);
  };
});

afterAll(async () => {
  officialHttp.doRequest = originalDoRequest;
  proxy.closeAllConnections();
  await new Promise<void>((r) => proxy.close(() => r()));
  await sts.emu.close();
});

beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), "ecs-creds-xcheck-"));
  tokenFile = join(home, "token");
  sts.writeToken(tokenFile);
  recorded = [];
  officialHosts = [];
});

afterEach(() => {
  for (const k of Object.keys(process.env)) if (!(k in savedEnv)) delete process.env[k];
  Object.assign(process.env, savedEnv);
  rmSync(home, { recursive: true, force: true });
});

/** Only these variables, as a pipeline would have them (the official chain reads process.env and HOME). */
function setEnv(vars: Record<string, string>): void {
  for (const k of Object.keys(process.env)) if (/^(ALIBABA_CLOUD_|ALICLOUD_)/.test(k)) delete process.env[k];
  Object.assign(process.env, { HOME: home, ALIBABA_CLOUD_ECS_METADATA_DISABLED: "true" }, vars);
}

function writeCliConfig(doc: unknown): void {
  mkdirSync(join(home, ".aliyun"), { recursive: true });
  writeFileSync(join(home, ".aliyun", "config.json"), JSON.stringify(doc));
}
function writeIni(lines: string[]): void {
  mkdirSync(join(home, ".alibabacloud"), { recursive: true });
  writeFileSync(join(home, ".alibabacloud", "credentials"), lines.join("\n"));
}

/** Who the credentials are: a long-term key, or the STS session behind temporary ones. */
function identity(accessKeyId: string): Record<string, unknown> {
  const s = sts.emu.sts.sessions().find((x) => x.accessKeyId === accessKeyId);
  if (!s) return { key: accessKeyId };
  return { action: s.action, role: s.roleArn, session: s.sessionName, by: s.assumedBy, seconds: (s.expiresAt - s.issuedAt) / 1000 };
}

interface Outcome {
  identity: Record<string, unknown>;
  requests: Recorded[];
}

/** The official default chain, reading this test's HOME (jest's process.env does not reach os.homedir()). */
function officialChain(): OfficialProvider {
  const chain = DefaultCredentialsProvider.builder().build();
  for (const p of chain.providers) if ("homedir" in p) p.homedir = home;
  return chain;
}

async function official(): Promise<Outcome> {
  recorded = [];
  const c = await officialChain().getCredentials();
  return { identity: identity(c.accessKeyId), requests: recorded };
}

async function ours(): Promise<Outcome & { source: string }> {
  recorded = [];
  const p = await resolveCredentialsProvider({ env: { ...process.env, ALIBABA_CLOUD_STS_ENDPOINT: `http://${proxyHost}` } });
  const c = await p.getCredentials();
  return { identity: identity(c.accessKeyId), requests: recorded, source: p.source };
}

/** The STS endpoint our chain picks with no override, read from its source description. */
async function ourEndpoint(): Promise<string> {
  const p = await resolveCredentialsProvider({ env: { ...process.env } });
  return /via (\S+) /.exec(p.source)?.[1] ?? "(none)";
}

const keys = { access_key_id: DEFAULT_ACCESS_KEY_ID, access_key_secret: DEFAULT_ACCESS_KEY_SECRET };

describe("the same source, the same STS request, the same endpoint as @alicloud/credentials", () => {
  it("environment AccessKey", async () => {
    setEnv({ ALIBABA_CLOUD_ACCESS_KEY_ID: DEFAULT_ACCESS_KEY_ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET: DEFAULT_ACCESS_KEY_SECRET });
    const [a, b] = [await official(), await ours()];
    expect(b.identity).toEqual(a.identity);
    expect(a.identity).toEqual({ key: DEFAULT_ACCESS_KEY_ID });
  });

  it("OIDC from the environment (ACK RRSA, GitHub Actions): AssumeRoleWithOIDC, unsigned, token in the body", async () => {
    setEnv({
      ALIBABA_CLOUD_ROLE_ARN: sts.deployArn,
      ALIBABA_CLOUD_OIDC_PROVIDER_ARN: sts.providerArn,
      ALIBABA_CLOUD_OIDC_TOKEN_FILE: tokenFile,
      ALIBABA_CLOUD_ROLE_SESSION_NAME: "rrsa-pod",
      ALIBABA_CLOUD_STS_REGION: "cn-shanghai",
      ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED: "true",
    });
    const [a, b] = [await official(), await ours()];
    expect(a.identity).toMatchObject({ action: "AssumeRoleWithOIDC", role: sts.deployArn, session: "rrsa-pod", seconds: 3600 });
    expect(b.identity).toEqual(a.identity);
    expect(b.requests).toEqual(a.requests);
    expect(a.requests[0].query).toEqual({ Action: "AssumeRoleWithOIDC", Format: "JSON", Version: "2015-04-01" });
    expect(Object.keys(a.requests[0].body)).toEqual(["DurationSeconds", "OIDCProviderArn", "OIDCToken", "RoleArn", "RoleSessionName"]);
    expect(officialHosts).toEqual(["sts-vpc.cn-shanghai.aliyuncs.com"]);
    expect(await ourEndpoint()).toBe("https://sts-vpc.cn-shanghai.aliyuncs.com");
  });

  it("an environment AccessKey beside the OIDC variables wins, in both", async () => {
    setEnv({ ALIBABA_CLOUD_ROLE_ARN: sts.deployArn, ALIBABA_CLOUD_OIDC_PROVIDER_ARN: sts.providerArn, ALIBABA_CLOUD_OIDC_TOKEN_FILE: tokenFile, ...envKeys() });
    const [a, b] = [await official(), await ours()];
    expect(b.identity).toEqual(a.identity);
    expect(a.identity).toEqual({ key: DEFAULT_ACCESS_KEY_ID });
  });

  it("aliyun CLI RamRoleArn profile: AssumeRole signed V1 with the profile's key, parameters in the form body", async () => {
    setEnv({ ALIBABA_CLOUD_STS_REGION: "cn-beijing" });
    writeCliConfig({ current: "arn", profiles: [{ name: "arn", mode: "RamRoleArn", ...keys, ram_role_arn: sts.opsArn, ram_session_name: "cli-arn" }] });
    const [a, b] = [await official(), await ours()];
    expect(a.identity).toMatchObject({ action: "AssumeRole", role: sts.opsArn, session: "cli-arn", seconds: 3600 });
    expect(b.identity).toEqual(a.identity);
    expect(b.requests).toEqual(a.requests);
    expect(Object.keys(a.requests[0].query)).toEqual(["AccessKeyId", "Action", "Format", "SignatureMethod", "SignatureVersion", "Version"]);
    expect(officialHosts).toEqual(["sts.cn-beijing.aliyuncs.com"]);
    expect(await ourEndpoint()).toBe("https://sts.cn-beijing.aliyuncs.com");
  });

  it("aliyun CLI ChainableRamRoleArn and OIDC profiles", async () => {
    setEnv({});
    writeCliConfig({
      current: "chain",
      profiles: [
        { name: "keys", mode: "AK", ...keys },
        { name: "chain", mode: "ChainableRamRoleArn", source_profile: "keys", ram_role_arn: sts.opsArn, ram_session_name: "cli-chain" },
        { name: "oidc", mode: "OIDC", ram_role_arn: sts.deployArn, oidc_provider_arn: sts.providerArn, oidc_token_file: tokenFile, ram_session_name: "cli-oidc" },
      ],
    });
    const [a, b] = [await official(), await ours()];
    expect(a.identity).toMatchObject({ action: "AssumeRole", session: "cli-chain" });
    expect(b.identity).toEqual(a.identity);
    expect(b.requests).toEqual(a.requests);

    process.env.ALIBABA_CLOUD_PROFILE = "oidc";
    const [c, d] = [await official(), await ours()];
    expect(c.identity).toMatchObject({ action: "AssumeRoleWithOIDC", session: "cli-oidc" });
    expect(d.identity).toEqual(c.identity);
    expect(d.requests).toEqual(c.requests);
  });

  it("credentials file: type = ram_role_arn with a session policy", async () => {
    const policy = JSON.stringify({ Version: "1", Statement: [{ Effect: "Allow", Action: "ecs:Describe*", Resource: "*" }] });
    setEnv({});
    writeIni(["[default]", "type = ram_role_arn", `access_key_id = ${keys.access_key_id}`, `access_key_secret = ${keys.access_key_secret}`, `role_arn = ${sts.opsArn}`, "role_session_name = ini-arn", `policy = ${policy}`]);
    const [a, b] = [await official(), await ours()];
    expect(a.identity).toMatchObject({ action: "AssumeRole", session: "ini-arn" });
    expect(b.identity).toEqual(a.identity);
    expect(b.requests).toEqual(a.requests);
    expect(a.requests[0].body.Policy).toBe(policy);
  });
});

describe("where this chain differs from @alicloud/credentials on purpose", () => {
  it("ALIBABA_CLOUD_ROLE_ARN with an AccessKey: the official chain ignores the role, this one assumes it", async () => {
    setEnv({ ...envKeys(), ALIBABA_CLOUD_ROLE_ARN: sts.opsArn, ALIBABA_CLOUD_ROLE_SESSION_NAME: "env-role" });
    const [a, b] = [await official(), await ours()];
    expect(a.identity).toEqual({ key: DEFAULT_ACCESS_KEY_ID });
    expect(b.identity).toMatchObject({ action: "AssumeRole", role: sts.opsArn, session: "env-role" });
  });

  it("type = oidc_role_arn in the credentials file (the Python and Go libraries' keys): the Node chain rejects it, this one uses it", async () => {
    setEnv({});
    writeIni(["[default]", "type = oidc_role_arn", `role_arn = ${sts.deployArn}`, `oidc_provider_arn = ${sts.providerArn}`, `oidc_token_file_path = ${tokenFile}`, "role_session_name = ini-oidc"]);
    await expect(official()).rejects.toThrow(/Invalid type option, support: access_key, ecs_ram_role, ram_role_arn/);
    expect((await ours()).identity).toMatchObject({ action: "AssumeRoleWithOIDC", session: "ini-oidc" });
  });

  it("a token file ending in a line break (`echo \"$TOKEN\" > file`): this chain sends the token without it", async () => {
    setEnv({ ALIBABA_CLOUD_ROLE_ARN: sts.deployArn, ALIBABA_CLOUD_OIDC_PROVIDER_ARN: sts.providerArn, ALIBABA_CLOUD_OIDC_TOKEN_FILE: tokenFile });
    const token = sts.writeToken(tokenFile);
    writeFileSync(tokenFile, token + "\n");
    const [a, b] = [await official(), await ours()];
    expect(a.requests[0].body.OIDCToken).toBe(token + "\n");
    expect(b.requests[0].body.OIDCToken).toBe(token);
  });

  it("a 900-second session: the official client asks STS again on every call, this one 5 minutes before expiry", async () => {
    setEnv({});
    writeCliConfig({ current: "arn", profiles: [{ name: "arn", mode: "RamRoleArn", ...keys, ram_role_arn: sts.opsArn, ram_session_name: "short", expired_seconds: 900 }] });
    const officialProvider = officialChain();
    const ourProvider = await resolveCredentialsProvider({ env: { ...process.env, ALIBABA_CLOUD_STS_ENDPOINT: `http://${proxyHost}` } });
    recorded = [];
    for (let i = 0; i < 10; i++) await officialProvider.getCredentials();
    const officialCalls = recorded.length;
    recorded = [];
    for (let i = 0; i < 10; i++) await ourProvider.getCredentials();
    expect({ official: officialCalls, ours: recorded.length }).toEqual({ official: 10, ours: 1 });
  });
});

function envKeys(): Record<string, string> {
  return { ALIBABA_CLOUD_ACCESS_KEY_ID: DEFAULT_ACCESS_KEY_ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET: DEFAULT_ACCESS_KEY_SECRET };
}
