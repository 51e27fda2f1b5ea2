/** The emulator's STS (API 2015-04-01): signatures, trust policies, OIDC token verification
 *  against a JWKS, expiry on the manual clock, GetCallerIdentity, and the ECS side accepting the
 *  temporary credentials until they expire. Driven with the project's signers and with the
 *  official @alicloud/sts20150401 SDK. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Sts, * as $Sts from "@alicloud/sts20150401";
import * as $OpenApi from "@alicloud/openapi-client";
import { startEmulator, STS_API_VERSION, type RunningEmulator } from "../../emulator";
import { parseArgs } from "../../emulator/cli";
import { DEFAULT_ACCESS_KEY_ID } from "../../emulator/defaults";
import { oidcRole, oidcTrustPolicy, STS_AUDIENCE, TestIssuer } from "../helpers/oidcIssuer";
import { callV1, callV3, createSecurityGroup, type CallOptions, type CallResult } from "./helpers";

let emu: RunningEmulator;
const github = new TestIssuer();
let providerArn: string;
let deployArn: string;
let auditArn: string;

beforeAll(async () => {
  emu = await startEmulator({
    clock: "manual",
    delayScale: 0,
    credentials: [
      { accessKeyId: DEFAULT_ACCESS_KEY_ID, accessKeySecret: "ecs-emulator-secret" },
      { accessKeyId: "other-key", accessKeySecret: "other-secret" },
    ],
    sts: { users: { [DEFAULT_ACCESS_KEY_ID]: "ci-bot" } },
  });
  providerArn = emu.sts.putOidcProvider({ name: "github", issuerUrl: github.issuer, clientIds: [STS_AUDIENCE], jwks: github.jwks() }).arn;
  deployArn = emu.sts.putRole(oidcRole("deploy", providerArn)).arn;
  const uid = emu.sts.accountId();
  // Only ci-bot may assume "audit", and only with the agreed external id.
  auditArn = emu.sts.putRole({
    name: "audit",
    maxSessionDuration: 7200,
    trustPolicy: {
      Version: "1",
      Statement: [
        {
          Effect: "Allow",
          Action: "sts:AssumeRole",
          Principal: { RAM: [`acs:ram::${uid}:user/ci-bot`] },
          Condition: { StringEquals: { "sts:ExternalId": "abc-123" } },
        },
      ],
    },
  }).arn;
});
afterAll(() => emu.close());

const STS = { version: STS_API_VERSION, method: "POST" as const, formBody: true };
const sts = (action: string, params: Record<string, string>, o: CallOptions = {}): Promise<CallResult> => callV1(emu.url, action, params, { ...STS, ...o });

/** AssumeRoleWithOIDC as the official credential libraries send it: unsigned, the token in a form body. */
async function assumeWithOidc(params: Record<string, string>): Promise<CallResult> {
  const query = new URLSearchParams({ Action: "AssumeRoleWithOIDC", Version: STS_API_VERSION, Format: "JSON", Timestamp: new Date().toISOString() });
  const res = await fetch(`${emu.url}/?${query}`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(params) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, body: JSON.parse(text) as Record<string, any> };
}

const oidcParams = (token: string, extra: Record<string, string> = {}): Record<string, string> => ({
  OIDCProviderArn: providerArn,
  RoleArn: deployArn,
  OIDCToken: token,
  RoleSessionName: "gha-run-1",
  ...extra,
});

function expectError(r: CallResult, status: number, code: string): void {
  expect({ status: r.status, code: r.body.Code }).toEqual({ status, code });
}

describe("AssumeRole", () => {
  const auditParams = { RoleArn: "", RoleSessionName: "nightly-audit", ExternalId: "abc-123" };

  it("issues STS credentials to a trusted RAM user, signed V1 or V3, with the requested duration", async () => {
    for (const call of [sts, (a: string, p: Record<string, string>) => callV3(emu.url, a, p, STS)]) {
      const r = await call("AssumeRole", { ...auditParams, RoleArn: auditArn, DurationSeconds: "7200" });
      expect(r.status).toBe(200);
      const c = r.body.Credentials;
      expect(c.AccessKeyId).toMatch(/^STS\.[A-Za-z0-9]{20,}$/);
      expect(c.SecurityToken.length).toBeGreaterThan(100);
      expect(Date.parse(c.Expiration)).toBe(Math.floor((emu.admin.now() + 7200_000) / 1000) * 1000);
      expect(c.Expiration).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      expect(r.body.AssumedRoleUser.Arn).toBe(`acs:ram::${emu.sts.accountId()}:assumed-role/audit/nightly-audit`);
      expect(r.body.AssumedRoleUser.AssumedRoleId).toMatch(/^\d{18}:nightly-audit$/);
    }
  });

  it("answers with STS's Date, so clients can judge Expiration against STS's clock", async () => {
    emu.admin.advanceClock(3 * 3600_000);
    const r = await sts("AssumeRole", { ...auditParams, RoleArn: auditArn });
    expect(Date.parse(r.headers.get("date") ?? "")).toBe(Math.floor(emu.admin.now() / 1000) * 1000);
    expect(Date.parse(r.body.Credentials.Expiration) - Date.parse(r.headers.get("date") ?? "")).toBe(3600_000);
  });

  it("refuses a bad signature, an unknown key, and a key the trust policy does not name", async () => {
    expectError(await sts("AssumeRole", { ...auditParams, RoleArn: auditArn }, { accessKeySecret: "wrong" }), 400, "SignatureDoesNotMatch");
    expectError(await sts("AssumeRole", { ...auditParams, RoleArn: auditArn }, { accessKeyId: "nobody" }), 404, "InvalidAccessKeyId.NotFound");
    const other = await sts("AssumeRole", { ...auditParams, RoleArn: auditArn }, { accessKeyId: "other-key", accessKeySecret: "other-secret" });
    expectError(other, 403, "NoPermission");
    expect(other.body.Message).toContain("trust policy");
  });

  it("enforces the trust policy's sts:ExternalId condition", async () => {
    expectError(await sts("AssumeRole", { RoleArn: auditArn, RoleSessionName: "s1" }), 403, "NoPermission");
    expectError(await sts("AssumeRole", { RoleArn: auditArn, RoleSessionName: "s1", ExternalId: "abc-999" }), 403, "NoPermission");
    expect((await sts("AssumeRole", { RoleArn: auditArn, RoleSessionName: "s1", ExternalId: "abc-123" })).status).toBe(200);
  });

  it("validates the role, session name, duration and policy with STS's codes", async () => {
    expectError(await sts("AssumeRole", { RoleSessionName: "s1" }), 400, "MissingParameter");
    expectError(await sts("AssumeRole", { ...auditParams, RoleArn: `acs:ram::${emu.sts.accountId()}:role/nope` }), 404, "EntityNotExist.Role");
    expectError(await sts("AssumeRole", { ...auditParams, RoleArn: auditArn, RoleSessionName: "a b" }), 400, "InvalidParameter.RoleSessionName");
    expectError(await sts("AssumeRole", { ...auditParams, RoleArn: auditArn, DurationSeconds: "899" }), 400, "InvalidParameter.DurationSeconds");
    expectError(await sts("AssumeRole", { ...auditParams, RoleArn: auditArn, DurationSeconds: "7201" }), 400, "InvalidParameter.DurationSeconds");
    expectError(await sts("AssumeRole", { ...auditParams, RoleArn: auditArn, Policy: "{not json" }), 400, "InvalidParameter.PolicyGrammar");
    const policy = JSON.stringify({ Version: "1", Statement: [{ Effect: "Allow", Action: "ecs:Describe*", Resource: "*" }] });
    expect((await sts("AssumeRole", { ...auditParams, RoleArn: auditArn, Policy: policy })).status).toBe(200);
  });

  it("chains: a role session may assume another role that trusts its role", async () => {
    const uid = emu.sts.accountId();
    const chained = emu.sts.putRole({ name: "chained", trustPolicy: { Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Principal: { RAM: [`acs:ram::${uid}:role/audit`] } }] } });
    const first = (await sts("AssumeRole", { ...auditParams, RoleArn: auditArn })).body.Credentials;
    const creds = { accessKeyId: first.AccessKeyId, accessKeySecret: first.AccessKeySecret, securityToken: first.SecurityToken };
    const second = await sts("AssumeRole", { RoleArn: chained.arn, RoleSessionName: "hop" }, creds);
    expect(second.status).toBe(200);
    expectError(await sts("AssumeRole", { RoleArn: chained.arn, RoleSessionName: "hop" }), 403, "NoPermission");
  });

  it("answers in XML when asked", async () => {
    const r = await sts("AssumeRole", { ...auditParams, RoleArn: auditArn }, { format: "XML" });
    expect(r.status).toBe(200);
    expect(r.text).toMatch(/^<\?xml[^>]*><AssumeRoleResponse><RequestId>[^<]+<\/RequestId><AssumedRoleUser>/);
    expect(r.text).toMatch(/<AccessKeyId>STS\.[^<]+<\/AccessKeyId>/);
  });
});

describe("AssumeRoleWithOIDC", () => {
  it("exchanges a token signed by the provider's key for STS credentials, and reports the token it verified", async () => {
    const now = emu.admin.now();
    const r = await assumeWithOidc(oidcParams(github.token(now), { DurationSeconds: "900" }));
    expect(r.status).toBe(200);
    expect(r.body.Credentials.AccessKeyId).toMatch(/^STS\./);
    expect(Date.parse(r.body.Credentials.Expiration)).toBe(Math.floor((now + 900_000) / 1000) * 1000);
    expect(r.body.OIDCTokenInfo).toEqual({
      Issuer: github.issuer,
      Subject: "repo:acme/infra:ref:refs/heads/main",
      ClientIds: STS_AUDIENCE,
      ExpirationTime: new Date(Math.floor(now / 1000) * 1000 + 3600_000).toISOString().replace(".000", ""),
      IssuanceTime: new Date(Math.floor(now / 1000) * 1000).toISOString().replace(".000", ""),
      VerificationInfo: "Success",
    });
  });

  it("verifies ES256 tokens too", async () => {
    const ec = new TestIssuer("https://gitlab.example.com", "ES256");
    const arn = emu.sts.putOidcProvider({ name: "gitlab", issuerUrl: ec.issuer, clientIds: [STS_AUDIENCE], jwks: ec.jwks() }).arn;
    const role = emu.sts.putRole({ name: "gitlab-deploy", trustPolicy: oidcTrustPolicy(arn, { issuer: ec.issuer, subjectLike: "*" }) });
    const r = await assumeWithOidc({ OIDCProviderArn: arn, RoleArn: role.arn, OIDCToken: ec.token(emu.admin.now()), RoleSessionName: "gl" });
    expect(r.status).toBe(200);
  });

  it("rejects a token signed by another key, a forged payload and an unknown algorithm", async () => {
    const now = emu.admin.now();
    const impostor = new TestIssuer();
    expectError(await assumeWithOidc(oidcParams(impostor.token(now, {}, { kid: github.kid }))), 401, "AuthenticationFail.OIDCToken.InvalidSignature");
    const [h, , s] = github.token(now).split(".");
    const forged = Buffer.from(JSON.stringify({ iss: github.issuer, sub: "repo:evil/x:ref:main", aud: STS_AUDIENCE, exp: now / 1000 + 60 })).toString("base64url");
    expectError(await assumeWithOidc(oidcParams(`${h}.${forged}.${s}`)), 401, "AuthenticationFail.OIDCToken.InvalidSignature");
    expectError(await assumeWithOidc(oidcParams(github.token(now, {}, { alg: "HS256" }))), 401, "AuthenticationFail.OIDCToken.Invalid");
    expectError(await assumeWithOidc(oidcParams("not-a-jwt")), 401, "AuthenticationFail.OIDCToken.Invalid");
  });

  it("checks issuer, audience and expiry (on the emulator's clock)", async () => {
    const now = emu.admin.now();
    expectError(await assumeWithOidc(oidcParams(github.token(now, { iss: "https://evil.example" }))), 401, "AuthenticationFail.OIDCToken.IssuerNotMatch");
    expectError(await assumeWithOidc(oidcParams(github.token(now, { aud: "sts.aliyun.com" }))), 401, "AuthenticationFail.OIDCToken.AudienceNotMatch");
    const token = github.token(now, { exp: Math.floor(now / 1000) + 600 });
    expect((await assumeWithOidc(oidcParams(token))).status).toBe(200);
    emu.admin.advanceClock(600_000);
    const late = await assumeWithOidc(oidcParams(token));
    expectError(late, 401, "AuthenticationFail.OIDCToken.Expired");
    expect(late.body.Message).toBe("This JsonWebToken is expired.");
  });

  it("requires the role's trust for that provider and subject, and a registered provider", async () => {
    const now = emu.admin.now();
    expectError(await assumeWithOidc(oidcParams(github.token(now, { sub: "repo:someone-else/app:ref:refs/heads/main" }))), 401, "AuthenticationFail.NoPermission");
    expectError(await assumeWithOidc(oidcParams(github.token(now), { RoleArn: auditArn })), 401, "AuthenticationFail.NoPermission");
    const unknown = await assumeWithOidc(oidcParams(github.token(now), { OIDCProviderArn: `acs:ram::${emu.sts.accountId()}:oidc-provider/nope` }));
    expectError(unknown, 401, "AuthenticationFail.NoPermission");
    expect(unknown.body.Message).toBe("No such OIDC Provider registered.");
  });
});

describe("temporary credentials on the ECS side", () => {
  it("work until they expire, then fail with InvalidSecurityToken.Expired; resources belong to the role's account", async () => {
    const r = await assumeWithOidc(oidcParams(github.token(emu.admin.now()), { DurationSeconds: "900" }));
    const c = r.body.Credentials;
    const creds = { accessKeyId: c.AccessKeyId, accessKeySecret: c.AccessKeySecret, securityToken: c.SecurityToken };
    const sg = await createSecurityGroup(emu.url, "cn-hangzhou", {});
    const seen = await callV3(emu.url, "DescribeSecurityGroups", { RegionId: "cn-hangzhou", SecurityGroupIds: JSON.stringify([sg]) }, creds);
    expect(seen.status).toBe(200);
    expect(seen.body.SecurityGroups.SecurityGroup.map((g: { SecurityGroupId: string }) => g.SecurityGroupId)).toEqual([sg]);

    const wrongToken = await callV1(emu.url, "DescribeRegions", {}, { ...creds, securityToken: "CAIS-other" });
    expectError(wrongToken, 400, "InvalidSecurityToken.MismatchWithAccessKey");

    const before = emu.sts.expiredRefusals();
    emu.admin.advanceClock(899_000);
    expect((await callV1(emu.url, "DescribeRegions", {}, creds)).status).toBe(200);
    emu.admin.advanceClock(1000);
    const expired = await callV1(emu.url, "DescribeRegions", {}, creds);
    expectError(expired, 400, "InvalidSecurityToken.Expired");
    expect(expired.body.Message).toBe("Specified SecurityToken is expired.");
    expectError(await callV3(emu.url, "DescribeRegions", {}, creds), 400, "InvalidSecurityToken.Expired");
    expect(emu.sts.expiredRefusals()).toBe(before + 2);
  });
});

describe("GetCallerIdentity", () => {
  it("names the RAM user of a long-term key and the assumed role of a session", async () => {
    const uid = emu.sts.accountId();
    const user = await sts("GetCallerIdentity", {});
    expect(user.body).toMatchObject({ AccountId: uid, Arn: `acs:ram::${uid}:user/ci-bot`, IdentityType: "RAMUser" });
    expect(user.body.UserId).toMatch(/^\d{16}$/);
    expect(user.body.PrincipalId).toBe(user.body.UserId);

    const c = (await assumeWithOidc(oidcParams(github.token(emu.admin.now())))).body.Credentials;
    const creds = { accessKeyId: c.AccessKeyId, accessKeySecret: c.AccessKeySecret, securityToken: c.SecurityToken };
    const session = await callV3(emu.url, "GetCallerIdentity", {}, { ...STS, ...creds });
    expect(session.body).toMatchObject({ AccountId: uid, Arn: `acs:ram::${uid}:assumed-role/deploy/gha-run-1`, IdentityType: "AssumedRoleUser" });
    expect(session.body.PrincipalId).toBe(`${session.body.RoleId}:gha-run-1`);
    expectError(await sts("GetCallerIdentity", {}, { accessKeySecret: "wrong" }), 400, "SignatureDoesNotMatch");
  });
});

describe("the official @alicloud/sts20150401 SDK", () => {
  const client = (accessKeyId?: string, accessKeySecret?: string, securityToken?: string): Sts =>
    new Sts(new $OpenApi.Config({ accessKeyId, accessKeySecret, securityToken, endpoint: `127.0.0.1:${emu.port}`, protocol: "HTTP", regionId: "cn-hangzhou" }));

  /** Every field the emulator renders is one the SDK's response model declares. */
  function declared(model: { names(): Record<string, string>; types(): Record<string, unknown> }, body: Record<string, unknown>): void {
    const wire = Object.values(model.names());
    for (const [k, v] of Object.entries(body)) {
      expect(wire).toContain(k);
      const field = Object.entries(model.names()).find(([, w]) => w === k)?.[0] as string;
      const type = model.types()[field];
      if (v && typeof v === "object" && typeof type === "function") declared(type as never, v as Record<string, unknown>);
    }
  }

  it("AssumeRole, AssumeRoleWithOIDC and GetCallerIdentity parse, and every rendered field is declared", async () => {
    const assumed = await client(DEFAULT_ACCESS_KEY_ID, "ecs-emulator-secret").assumeRole(
      new $Sts.AssumeRoleRequest({ roleArn: auditArn, roleSessionName: "sdk", externalId: "abc-123", durationSeconds: 3600 }),
    );
    expect(assumed.statusCode).toBe(200);
    expect(assumed.body?.credentials?.accessKeyId).toMatch(/^STS\./);
    const raw = await sts("AssumeRole", { RoleArn: auditArn, RoleSessionName: "sdk", ExternalId: "abc-123" });
    declared($Sts.AssumeRoleResponseBody, raw.body);

    const oidc = await client().assumeRoleWithOIDC(
      new $Sts.AssumeRoleWithOIDCRequest({ OIDCProviderArn: providerArn, roleArn: deployArn, OIDCToken: github.token(emu.admin.now()), roleSessionName: "sdk" }),
    );
    expect(oidc.body?.OIDCTokenInfo?.subject).toBe("repo:acme/infra:ref:refs/heads/main");
    const c = oidc.body?.credentials;
    declared($Sts.AssumeRoleWithOIDCResponseBody, (await assumeWithOidc(oidcParams(github.token(emu.admin.now())))).body);

    const who = await client(c?.accessKeyId, c?.accessKeySecret, c?.securityToken).getCallerIdentity();
    expect(who.body?.identityType).toBe("AssumedRoleUser");
    declared($Sts.GetCallerIdentityResponseBody, (await sts("GetCallerIdentity", {})).body);
  });

  it("surfaces STS's error code", async () => {
    await expect(client().assumeRoleWithOIDC(new $Sts.AssumeRoleWithOIDCRequest({ OIDCProviderArn: providerArn, roleArn: deployArn, OIDCToken: "x.y.z", roleSessionName: "sdk" }))).rejects.toMatchObject({
      code: "AuthenticationFail.OIDCToken.Invalid",
    });
  });
});

describe("configuration", () => {
  it("the admin API over HTTP adds providers and roles and lists sessions", async () => {
    const issuer = new TestIssuer("https://kubernetes.example");
    const put = (path: string, body: unknown) => fetch(`${emu.url}/_emulator/sts/${path}`, { method: "PUT", body: JSON.stringify(body) });
    expect((await put("oidc-providers/ack", { issuerUrl: issuer.issuer, clientIds: [STS_AUDIENCE], jwks: issuer.jwks() })).status).toBe(200);
    const arn = emu.sts.oidcProviderArn("ack");
    expect((await put("roles/ack-app", { trustPolicy: oidcTrustPolicy(arn, { issuer: issuer.issuer, subjectLike: "system:serviceaccount:*" }) })).status).toBe(200);
    const bad = await put("roles/x", { maxSessionDuration: 10 });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { Message: string }).Message).toContain("maxSessionDuration");

    const token = issuer.token(emu.admin.now(), { sub: "system:serviceaccount:web:app" });
    const r = await assumeWithOidc({ OIDCProviderArn: arn, RoleArn: emu.sts.roleArn("ack-app"), OIDCToken: token, RoleSessionName: "pod" });
    expect(r.status).toBe(200);
    const listed = (await (await fetch(`${emu.url}/_emulator/sts/sessions`)).json()) as { sessions: { accessKeyId: string; assumedBy: string }[] };
    expect(listed.sessions.find((s) => s.accessKeyId === r.body.Credentials.AccessKeyId)?.assumedBy).toBe("https://kubernetes.example system:serviceaccount:web:app");
    expect((await fetch(`${emu.url}/_emulator/sts/roles/ack-app`, { method: "DELETE" })).status).toBe(200);
    expectError(await assumeWithOidc({ OIDCProviderArn: arn, RoleArn: emu.sts.roleArn("ack-app"), OIDCToken: token }), 404, "EntityNotExist.Role");
  });

  it("the CLI takes --sts-config: a JSON file whose jwksFile paths are relative to it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sts-config-"));
    try {
      writeFileSync(join(dir, "jwks.json"), JSON.stringify(github.jwks()));
      const config = { accountId: "1234567890123456", oidcProviders: [{ name: "gh", issuerUrl: github.issuer, clientIds: [STS_AUDIENCE], jwksFile: "jwks.json" }] };
      writeFileSync(join(dir, "sts.json"), JSON.stringify({ ...config, roles: [oidcRole("ci", "acs:ram::1234567890123456:oidc-provider/gh")] }));
      const opts = parseArgs(["--sts-config", join(dir, "sts.json"), "--port", "0", "--clock", "manual"]);
      expect(opts.stsConfigFile).toBe(join(dir, "sts.json"));
      const other = await startEmulator(opts);
      try {
        const query = new URLSearchParams({ Action: "AssumeRoleWithOIDC", Version: STS_API_VERSION, Format: "JSON" });
        const body = new URLSearchParams({ OIDCProviderArn: "acs:ram::1234567890123456:oidc-provider/gh", RoleArn: "acs:ram::1234567890123456:role/ci", OIDCToken: github.token(other.admin.now()) });
        const res = await fetch(`${other.url}/?${query}`, { method: "POST", body });
        expect(res.status).toBe(200);
      } finally {
        await other.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a bad configuration fails at start with the field named", async () => {
    await expect(startEmulator({ sts: { roles: [{ name: "r", trustPolicy: { Statement: [] } }] } })).rejects.toThrow('STS config: role "r": trustPolicy needs a non-empty Statement list');
    await expect(startEmulator({ sts: { oidcProviders: [{ name: "p", issuerUrl: "https://x", clientIds: [] }] } })).rejects.toThrow("clientIds");
  });
});
