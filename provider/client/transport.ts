import type { Dispatcher, Pool } from "undici";

export interface HttpRequest {
  /** scheme://host[:port] */
  origin: string;
  method: "GET" | "POST";
  /** Path plus query string, e.g. `/?Action=…`. */
  path: string;
  headers: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
}

export interface HttpResponse {
  status: number;
  /** Lower-case names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  body: string;
}

export interface TransportOptions {
  connectTimeoutMs: number;
  /** Time allowed for the answer's headers and between body chunks. */
  requestTimeoutMs: number;
  /** Sockets per endpoint. */
  connections?: number;
  keepAliveTimeoutMs?: number;
}

/** A failure below HTTP: no answer was read. `mayHaveReachedServer` is false only when the
 * request certainly never left (connection refused or not connected in time, DNS failure). */
export class TransportError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly mayHaveReachedServer: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "TransportError";
  }
}

const NOT_SENT_CODES = new Set(["ECONNREFUSED", "UND_ERR_CONNECT_TIMEOUT", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);

function toTransportError(e: unknown, origin: string, signal: AbortSignal | undefined): TransportError {
  const err = e as NodeJS.ErrnoException & { cause?: NodeJS.ErrnoException };
  if (signal?.aborted) return new TransportError("RequestAborted", `the request to ${origin} was cancelled (call deadline reached)`, true, { cause: e });
  const code = err.code ?? err.cause?.code ?? err.name ?? "NetworkError";
  const text: Record<string, string> = {
    UND_ERR_CONNECT_TIMEOUT: `could not connect to ${origin} in time`,
    UND_ERR_HEADERS_TIMEOUT: `${origin} did not answer in time`,
    UND_ERR_BODY_TIMEOUT: `${origin} stopped sending its answer`,
    UND_ERR_SOCKET: `the connection to ${origin} was closed before an answer arrived`,
    ECONNRESET: `the connection to ${origin} was reset`,
    ECONNREFUSED: `${origin} refused the connection`,
    ENOTFOUND: `the host of ${origin} could not be resolved`,
  };
  return new TransportError(code, text[code] ?? `request to ${origin} failed (${err.message})`, !NOT_SENT_CODES.has(code), { cause: e });
}

type UndiciModule = typeof import("undici");
let undiciModule: UndiciModule | undefined;
/** undici is loaded on the first request, not when the client module is required. */
function undici(): UndiciModule {
  return (undiciModule ??= require("undici") as UndiciModule);
}

function lowerCaseHeaders(h: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k in h) {
    const v = h[k];
    if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(", ") : v;
  }
  return out;
}

/** One keep-alive undici Pool per endpoint origin. */
export class Transport {
  readonly #pools = new Map<string, Pool>();
  readonly #opts: TransportOptions;

  constructor(opts: TransportOptions) {
    this.#opts = opts;
  }

  #pool(origin: string): Pool {
    let pool = this.#pools.get(origin);
    if (!pool) {
      pool = new (undici().Pool)(origin, {
        connections: this.#opts.connections ?? 32,
        connect: { timeout: this.#opts.connectTimeoutMs },
        keepAliveTimeout: this.#opts.keepAliveTimeoutMs ?? 30_000,
        headersTimeout: this.#opts.requestTimeoutMs,
        bodyTimeout: this.#opts.requestTimeoutMs,
      });
      this.#pools.set(origin, pool);
    }
    return pool;
  }

  /** Sends one request through the endpoint's pool. Uses undici's low-level dispatch with a
   * small handler (no stream objects per response): the client's hot path. */
  send(req: HttpRequest): Promise<HttpResponse> {
    return new Promise<HttpResponse>((resolve, reject) => {
      let status = 0;
      let headers: Record<string, string> = {};
      const chunks: Buffer[] = [];
      const fail = (e: unknown): void => reject(toTransportError(e, req.origin, req.signal));
      let controller: Dispatcher.DispatchController | undefined;
      const onAbort = (): void => controller?.abort(new Error("aborted"));
      const handler: Dispatcher.DispatchHandler = {
        onRequestStart(c) {
          controller = c;
          if (req.signal?.aborted) c.abort(new Error("aborted"));
        },
        onResponseStart(_c, statusCode, h) {
          status = statusCode;
          headers = lowerCaseHeaders(h);
        },
        onResponseData(_c, chunk) {
          chunks.push(chunk);
        },
        onResponseEnd() {
          req.signal?.removeEventListener("abort", onAbort);
          resolve({ status, headers, body: chunks.length === 1 ? chunks[0].toString("utf8") : Buffer.concat(chunks).toString("utf8") });
        },
        onResponseError(_c, e) {
          req.signal?.removeEventListener("abort", onAbort);
          fail(e);
        },
      };
      req.signal?.addEventListener("abort", onAbort, { once: true });
      try {
        // Retries are decided by the client's policy, never silently by the pool.
        this.#pool(req.origin).dispatch({ path: req.path, method: req.method, headers: req.headers, body: req.body ?? null, idempotent: false }, handler);
      } catch (e) {
        fail(e);
      }
    });
  }

  async close(): Promise<void> {
    const pools = [...this.#pools.values()];
    this.#pools.clear();
    await Promise.all(pools.map((p) => p.close().catch(() => undefined)));
  }

  toJSON(): { origins: string[] } {
    return { origins: [...this.#pools.keys()] };
  }
}
