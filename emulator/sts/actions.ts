/** STS's three actions as the 2015-04-01 API answers them: AssumeRole (signed by a RAM user's or
 *  a role session's key), AssumeRoleWithOIDC (anonymous: the OIDC token is the proof) and
 *  GetCallerIdentity. Request checks and error codes follow Alibaba's STS documentation. */
import { ApiError, missingParameter } from "../errors";
import { DEFAULT_SESSION_DURATION, MIN_SESSION_DURATION, numericId, type OidcProvider, type Role, type StsConfig } from "./config";
import { verifyOidcToken } from "./jwt";
import type { Session, SessionBook } from "./sessions";
import { trustAllows, type TrustRequest } from "./trust";

export interface StsCaller {
  accessKeyId: string;
  /** Set when the caller signed with temporary credentials. */
  session?: Session;
}

export interface StsActionContext {
  params: Record<string, string>;
  config: StsConfig;
  sessions: SessionBook;
  now: number;
  /** The emulator account a role's sessions act on when the role names none. */
  defaultAccount: string;
  /** Authenticates the request's signature; only the actions that need a caller call it. */
  caller(): StsCaller;
}

export type StsHandler = (ctx: StsActionContext) => Record<string, unknown>;

const SESSION_NAME = /^[A-Za-z0-9.@_-]{2,64}$/;
const EXTERNAL_ID = /^[A-Za-z0-9.@_=,:/-]{2,1224}$/;
const MAX_POLICY_CHARS = 2048;

/** yyyy-MM-ddTHH:mm:ssZ, as STS writes Expiration. */
export const stsTime = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

const userName = (ctx: StsActionContext, accessKeyId: string): string => ctx.config.users[accessKeyId] ?? accessKeyId;
const assumedRoleArn = (accountId: string, s: Pick<Session, "roleName" | "sessionName">): string =>
  `acs:ram::${accountId}:assumed-role/${s.roleName}/${s.sessionName}`;

function required(ctx: StsActionContext, name: string): string {
  const v = ctx.params[name];
  if (v === undefined || v === "") throw missingParameter(name);
  return v;
}

function role(ctx: StsActionContext): Role {
  const arn = required(ctx, "RoleArn");
  const found = ctx.config.roles.get(arn.toLowerCase());
  if (!found) throw new ApiError("EntityNotExist.Role", `The role not exists: ${arn}.`, 404);
  return found;
}

function sessionName(ctx: StsActionContext, fallback?: string): string {
  const name = ctx.params.RoleSessionName || fallback;
  if (name === undefined) throw missingParameter("RoleSessionName");
  if (!SESSION_NAME.test(name)) throw new ApiError("InvalidParameter.RoleSessionName", "The parameter RoleSessionName is wrongly formed.", 400);
  return name;
}

function durationSeconds(ctx: StsActionContext, r: Role): number {
  const raw = ctx.params.DurationSeconds;
  const seconds = raw === undefined || raw === "" ? DEFAULT_SESSION_DURATION : Number(raw);
  if (!Number.isInteger(seconds) || seconds < MIN_SESSION_DURATION || seconds > r.maxSessionDuration) {
    throw new ApiError("InvalidParameter.DurationSeconds", `The Min/Max value of DurationSeconds is 15min/${r.maxSessionDuration / 3600}hr.`, 400);
  }
  return seconds;
}

/** A session policy narrows the role's permissions; the emulator checks its grammar only. */
function checkPolicy(ctx: StsActionContext): void {
  const policy = ctx.params.Policy;
  if (policy === undefined || policy === "") return;
  const grammar = (): ApiError => new ApiError("InvalidParameter.PolicyGrammar", "The parameter Policy has not passed grammar check.", 400);
  if (policy.length > MAX_POLICY_CHARS) throw new ApiError("InvalidParameter.PolicySize", `The parameter Policy is longer than ${MAX_POLICY_CHARS} characters.`, 400);
  let doc: unknown;
  try {
    doc = JSON.parse(policy);
  } catch {
    throw grammar();
  }
  if (!doc || typeof doc !== "object" || !Array.isArray((doc as { Statement?: unknown }).Statement)) throw grammar();
}

/** Checks the session's duration and policy, then issues its temporary credentials. */
function grant(ctx: StsActionContext, r: Role, name: string, action: Session["action"], assumedBy: string): Record<string, unknown> {
  const seconds = durationSeconds(ctx, r);
  checkPolicy(ctx);
  const s = ctx.sessions.issue({
    issuedAt: ctx.now,
    expiresAt: ctx.now + seconds * 1000,
    action,
    roleArn: r.arn,
    roleName: r.name,
    roleId: r.roleId,
    sessionName: name,
    account: r.account ?? ctx.defaultAccount,
    assumedBy,
  });
  return {
    AssumedRoleUser: { Arn: assumedRoleArn(ctx.config.accountId, s), AssumedRoleId: `${r.roleId}:${name}` },
    Credentials: { AccessKeyId: s.accessKeyId, AccessKeySecret: s.accessKeySecret, SecurityToken: s.securityToken, Expiration: stsTime(s.expiresAt) },
  };
}

/** The caller as a trust policy names it: a RAM user, or the role a session belongs to. */
function ramPrincipal(ctx: StsActionContext, caller: StsCaller): { principal: string; arn: string } {
  const uid = ctx.config.accountId;
  if (caller.session) return { principal: `acs:ram::${uid}:role/${caller.session.roleName}`, arn: assumedRoleArn(uid, caller.session) };
  const arn = `acs:ram::${uid}:user/${userName(ctx, caller.accessKeyId)}`;
  return { principal: arn, arn };
}

const assumeRole: StsHandler = (ctx) => {
  const caller = ctx.caller();
  const r = role(ctx);
  const name = sessionName(ctx);
  const externalId = ctx.params.ExternalId;
  if (externalId !== undefined && externalId !== "" && !EXTERNAL_ID.test(externalId))
    throw new ApiError("InvalidParameter.ExternalId", "The parameter ExternalId is wrongly formed.", 400);
  const { principal, arn } = ramPrincipal(ctx, caller);
  const request: TrustRequest = { ramPrincipal: principal, context: externalId ? { "sts:ExternalId": [externalId] } : {} };
  if (!trustAllows(r.trustPolicy, request)) {
    throw new ApiError("NoPermission", "No permission perform sts:AssumeRole on this Role. Maybe you should check the role's trust policy.", 403);
  }
  return grant(ctx, r, name, "AssumeRole", arn);
};

function oidcProvider(ctx: StsActionContext): OidcProvider {
  const arn = required(ctx, "OIDCProviderArn");
  const found = ctx.config.oidcProviders.get(arn.toLowerCase());
  if (!found) throw new ApiError("AuthenticationFail.NoPermission", "No such OIDC Provider registered.", 401);
  return found;
}

const assumeRoleWithOidc: StsHandler = (ctx) => {
  const provider = oidcProvider(ctx);
  const claims = verifyOidcToken(ctx.params.OIDCToken ?? "", provider, ctx.now);
  const r = role(ctx);
  const name = sessionName(ctx, `oidc-${ctx.now}`);
  const request: TrustRequest = {
    federatedPrincipal: provider.arn,
    context: { "oidc:iss": [claims.iss], "oidc:aud": claims.aud, "oidc:sub": [claims.sub] },
  };
  if (!trustAllows(r.trustPolicy, request)) throw new ApiError("AuthenticationFail.NoPermission", "There is no permission", 401);
  const answer = grant(ctx, r, name, "AssumeRoleWithOIDC", `${claims.iss} ${claims.sub}`);
  return {
    ...answer,
    OIDCTokenInfo: {
      Issuer: claims.iss,
      Subject: claims.sub,
      ClientIds: claims.aud.join(","),
      ExpirationTime: stsTime(claims.exp * 1000),
      IssuanceTime: claims.iat === undefined ? undefined : stsTime(claims.iat * 1000),
      VerificationInfo: "Success",
    },
  };
};

const getCallerIdentity: StsHandler = (ctx) => {
  const caller = ctx.caller();
  const uid = ctx.config.accountId;
  const s = caller.session;
  if (s) {
    return { AccountId: uid, Arn: assumedRoleArn(uid, s), IdentityType: "AssumedRoleUser", PrincipalId: `${s.roleId}:${s.sessionName}`, RoleId: s.roleId };
  }
  const { arn } = ramPrincipal(ctx, caller);
  const userId = numericId(arn, 16);
  return { AccountId: uid, Arn: arn, IdentityType: "RAMUser", PrincipalId: userId, UserId: userId };
};

export const STS_ACTIONS: Record<string, StsHandler> = {
  AssumeRole: assumeRole,
  AssumeRoleWithOIDC: assumeRoleWithOidc,
  GetCallerIdentity: getCallerIdentity,
};
