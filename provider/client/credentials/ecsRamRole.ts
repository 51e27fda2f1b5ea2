import { RefreshingCredentialsProvider } from "./refreshing";
import { CredentialsConfigError, type Credentials } from "./types";

export const DEFAULT_METADATA_ENDPOINT = "http://100.100.100.200";
const TOKEN_TTL_SECONDS = "21600";

export interface EcsRamRoleOptions {
  /** Base URL of the metadata service. */
  endpoint: string;
  /** Role name; discovered from the metadata service when unset. */
  roleName?: string;
  timeoutMs: number;
  /** Refresh this long before expiry. */
  refreshMarginMs: number;
  /** IMDSv1 fallback (no token) is refused when true (ALIBABA_CLOUD_IMDSV1_DISABLED). */
  v1Disabled?: boolean;
  now: () => number;
}

interface MetaAnswer {
  status: number;
  body: string;
}

/** One small request to the metadata service with a hard overall timeout. */
async function metaRequest(url: string, method: "GET" | "PUT", headers: Record<string, string>, timeoutMs: number): Promise<MetaAnswer> {
  const http = await import("node:http");
  return new Promise<MetaAnswer>((resolve, reject) => {
    const req = http.request(url, { method, headers, timeout: timeoutMs, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    const timer = setTimeout(() => req.destroy(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
    timer.unref();
    req.on("timeout", () => req.destroy(new Error(`timed out after ${timeoutMs} ms`)));
    req.on("error", reject);
    req.on("close", () => clearTimeout(timer));
    req.end();
  });
}

/** ECS RAM role credentials from the instance metadata service (IMDSv2 token first), cached
 * and refreshed shortly before they expire. */
export class EcsRamRoleCredentialsProvider extends RefreshingCredentialsProvider {
  readonly source: string;
  #roleName: string | undefined;
  readonly #opts: EcsRamRoleOptions;

  constructor(opts: EcsRamRoleOptions) {
    super(opts);
    this.#opts = { ...opts, endpoint: opts.endpoint.replace(/\/+$/, "") };
    this.#roleName = opts.roleName;
    this.source = `ECS RAM role (metadata service ${this.#opts.endpoint})`;
  }

  /** Fetches an IMDSv2 token; undefined when the service does not offer tokens (v1 fallback). */
  async #token(): Promise<string | undefined> {
    const { endpoint, timeoutMs, v1Disabled } = this.#opts;
    const res = await metaRequest(`${endpoint}/latest/api/token`, "PUT", { "X-aliyun-ecs-metadata-token-ttl-seconds": TOKEN_TTL_SECONDS }, timeoutMs);
    if (res.status === 200 && res.body.trim()) return res.body.trim();
    if (v1Disabled) {
      throw new CredentialsConfigError(`The ECS metadata service at ${endpoint} gave no IMDSv2 token (HTTP ${res.status}) and IMDSv1 is disabled.`);
    }
    return undefined;
  }

  async #get(path: string, token: string | undefined): Promise<string> {
    const { endpoint, timeoutMs } = this.#opts;
    const headers: Record<string, string> = token ? { "X-aliyun-ecs-metadata-token": token } : {};
    const res = await metaRequest(`${endpoint}${path}`, "GET", headers, timeoutMs);
    if (res.status !== 200) throw new CredentialsConfigError(`The ECS metadata service answered HTTP ${res.status} for ${path}.`);
    return res.body;
  }

  protected async fetch(): Promise<Credentials> {
    const token = await this.#token();
    const base = "/latest/meta-data/ram/security-credentials/";
    if (!this.#roleName) {
      const role = (await this.#get(base, token)).split(/\r?\n/)[0]?.trim();
      if (!role) throw new CredentialsConfigError("This ECS instance has no RAM role attached (the metadata service lists none).");
      this.#roleName = role;
    }
    const body = await this.#get(base + encodeURIComponent(this.#roleName), token);
    let doc: { Code?: string; AccessKeyId?: string; AccessKeySecret?: string; SecurityToken?: string; Expiration?: string };
    try {
      doc = JSON.parse(body) as typeof doc;
    } catch {
      throw new CredentialsConfigError(`The ECS metadata service returned credentials for role "${this.#roleName}" that are not JSON.`);
    }
    if ((doc.Code && doc.Code !== "Success") || !doc.AccessKeyId || !doc.AccessKeySecret) {
      throw new CredentialsConfigError(`The ECS metadata service returned no credentials for role "${this.#roleName}" (Code ${doc.Code ?? "missing"}).`);
    }
    const expiresAt = doc.Expiration ? Date.parse(doc.Expiration) : undefined;
    return {
      accessKeyId: doc.AccessKeyId,
      accessKeySecret: doc.AccessKeySecret,
      securityToken: doc.SecurityToken,
      expiresAt: Number.isFinite(expiresAt) ? expiresAt : undefined,
    };
  }
}
