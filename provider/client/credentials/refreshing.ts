import type { Credentials, CredentialsProvider } from "./types";

export interface RefreshOptions {
  /** Refresh this long before expiry (capped at half the credentials' lifetime). */
  refreshMarginMs: number;
  now: () => number;
}

/** Temporary credentials, fetched on first use and again shortly before they expire: one cached
 *  set per provider, one refresh shared by concurrent callers, and a failed refresh keeps using
 *  credentials that have not expired yet. */
export abstract class RefreshingCredentialsProvider implements CredentialsProvider {
  abstract readonly source: string;
  #cached: { credentials: Credentials; refreshAt: number } | undefined;
  #inflight: Promise<Credentials> | undefined;

  constructor(protected readonly refresh: RefreshOptions) {}

  /** Fetches a new set; `expiresAt` set for temporary credentials. */
  protected abstract fetch(): Promise<Credentials>;

  async getCredentials(): Promise<Credentials> {
    const now = this.refresh.now();
    const c = this.#cached;
    if (c && c.refreshAt > now) return c.credentials;
    this.#inflight ??= this.#renew().finally(() => (this.#inflight = undefined));
    try {
      return await this.#inflight;
    } catch (e) {
      const expiresAt = c?.credentials.expiresAt;
      if (c && expiresAt !== undefined && expiresAt > now) return c.credentials;
      throw e;
    }
  }

  invalidate(): void {
    this.#cached = undefined;
  }

  toJSON(): { source: string } {
    return { source: this.source };
  }

  async #renew(): Promise<Credentials> {
    const fetchedAt = this.refresh.now();
    const credentials = await this.fetch();
    const expiresAt = credentials.expiresAt;
    const margin = expiresAt === undefined ? 0 : Math.min(this.refresh.refreshMarginMs, (expiresAt - fetchedAt) / 2);
    this.#cached = { credentials, refreshAt: expiresAt === undefined ? Infinity : expiresAt - margin };
    return credentials;
  }
}
