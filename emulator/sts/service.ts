/** The emulator's STS: answers RPC calls of API version 2015-04-01 on the same server as ECS,
 *  and tells the ECS side which temporary keys are valid (and whose resources they act on). */
import type { ServerResponse } from "node:http";
import type { Clock } from "../clock";
import { ApiError } from "../errors";
import { faultError, type FaultBook } from "../faults";
import { authenticate, NonceCache, type Credential } from "../protocol/auth";
import { render } from "../protocol/render";
import type { RpcRequest } from "../protocol/request";
import { STS_ACTIONS, type StsCaller } from "./actions";
import { parseOidcProvider, parseRole, parseStsConfig, type OidcProvider, type OidcProviderInput, type Role, type RoleInput, type StsConfig, type StsConfigInput } from "./config";
import { SessionBook, type Session } from "./sessions";

export interface StsDeps {
  clock: Clock;
  /** The emulator's configured (long-term) access keys. */
  baseCredential(accessKeyId: string): Credential | undefined;
  /** The account of roles that name none: the first configured key. */
  defaultAccount: string;
  faults: FaultBook;
  count(action: string): void;
  log(action: string, status: number, code: string, started: number): void;
}

/** What tests and the admin API change at run time. */
export interface StsAdmin {
  accountId(): string;
  roleArn(name: string): string;
  oidcProviderArn(name: string): string;
  /** Replaces the whole configuration (roles, providers, users); issued sessions stay valid. */
  configure(input: StsConfigInput): void;
  /** Adds or replaces one role / OIDC provider. */
  putRole(input: RoleInput): Role;
  deleteRole(name: string): boolean;
  putOidcProvider(input: OidcProviderInput): OidcProvider;
  deleteOidcProvider(name: string): boolean;
  /** Every session issued (with its secret and token: this is the emulator's own test handle). */
  sessions(): Session[];
  /** Requests refused with InvalidSecurityToken.Expired so far. */
  expiredRefusals(): number;
  /** Forgets every session. */
  reset(): void;
}

export class StsService {
  config: StsConfig;
  readonly sessions = new SessionBook();
  private readonly nonces = new NonceCache();

  constructor(
    private readonly deps: StsDeps,
    config: StsConfig = parseStsConfig(),
  ) {
    this.config = config;
  }

  /** Any request's key: a configured one, else a live STS session (expired: InvalidSecurityToken.Expired). */
  credential(accessKeyId: string): Credential | undefined {
    return this.deps.baseCredential(accessKeyId) ?? this.sessions.credential(accessKeyId, this.deps.clock.now());
  }

  /** The emulator account a request acts on: a session acts on its role's account. */
  accountOf(accessKeyId: string): string {
    return this.sessions.get(accessKeyId)?.account ?? accessKeyId;
  }

  /** Serves one STS call and writes the answer (JSON or XML, STS's error shape). */
  async respond(res: ServerResponse, rpc: RpcRequest, requestId: string, host: string): Promise<void> {
    const started = Date.now();
    const action = rpc.action ?? "";
    let status = 200;
    let code = "";
    let payload: Record<string, unknown>;
    let headers: Record<string, string> = {};
    try {
      const handler = STS_ACTIONS[action];
      if (!handler) throw new ApiError("InvalidAction.NotFound", "Specified api is not found, please check your url and method.", 404);
      this.deps.count(action);
      for (const f of this.deps.faults.draw({ action, params: rpc.params }, "before")) {
        const err = faultError(f);
        if (err) throw err;
      }
      const caller = (): StsCaller => {
        const accessKeyId = authenticate(rpc, (id) => this.credential(id), this.nonces);
        return { accessKeyId, session: this.sessions.get(accessKeyId) };
      };
      const now = this.deps.clock.now();
      const ctx = { params: rpc.params, config: this.config, sessions: this.sessions, now, defaultAccount: this.deps.defaultAccount, caller };
      payload = { RequestId: requestId, ...handler(ctx) };
    } catch (err) {
      const e = err instanceof ApiError ? err : new ApiError("InternalError", "The request processing has failed due to some unknown error, exception or failure.", 500);
      status = e.httpStatus;
      code = e.code;
      headers = e.headers;
      payload = {
        RequestId: requestId,
        HostId: host,
        Code: e.code,
        Message: e.message,
        Recommend: `https://api.aliyun.com/troubleshoot?q=${encodeURIComponent(e.code)}&product=Sts&requestId=${requestId}`,
      };
    }
    const root = status === 200 ? `${action}Response` : "Error";
    const { contentType, text } = render(rpc.format, root, payload);
    // The Date header carries the emulated time, so a client can judge Expiration against STS's clock.
    res.writeHead(status, { "content-type": contentType, "x-acs-request-id": requestId, date: new Date(this.deps.clock.now()).toUTCString(), ...headers });
    res.end(text);
    this.deps.log(action, status, code, started);
  }

  admin(): StsAdmin {
    const byName = <T extends { name: string }>(map: Map<string, T>, name: string): string | undefined =>
      [...map.entries()].find(([, v]) => v.name.toLowerCase() === name.toLowerCase())?.[0];
    return {
      accountId: () => this.config.accountId,
      roleArn: (name) => parseRole({ name }, this.config.accountId).arn,
      oidcProviderArn: (name) => `acs:ram::${this.config.accountId}:oidc-provider/${name}`,
      configure: (input) => {
        this.config = parseStsConfig(input);
      },
      putRole: (input) => {
        const role = parseRole(input, this.config.accountId);
        this.config.roles.set(role.arn.toLowerCase(), role);
        return role;
      },
      deleteRole: (name) => {
        const key = byName(this.config.roles, name);
        return key !== undefined && this.config.roles.delete(key);
      },
      putOidcProvider: (input) => {
        const provider = parseOidcProvider(input, this.config.accountId);
        this.config.oidcProviders.set(provider.arn.toLowerCase(), provider);
        return provider;
      },
      deleteOidcProvider: (name) => {
        const key = byName(this.config.oidcProviders, name);
        return key !== undefined && this.config.oidcProviders.delete(key);
      },
      sessions: () => this.sessions.list(),
      expiredRefusals: () => this.sessions.expiredRefusals,
      reset: () => this.sessions.clear(),
    };
  }
}
