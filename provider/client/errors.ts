/** The one error type the client throws. Its message is a sentence a user can act on and
 * never contains the AccessKey secret, a signature or an Authorization header. */
import { percentEncode } from "./signing/encode";
import { TransportError } from "./transport";

export interface EcsErrorInit {
  action: string;
  /** 0 when no HTTP answer arrived (connection refused, reset, timeout). */
  httpStatus: number;
  code: string;
  ecsMessage: string;
  requestId?: string;
  hostId?: string;
  recommend?: string;
  retryable?: boolean;
  /** Server hint (x-acs-retry-after, milliseconds) before the next attempt. */
  retryAfterMs?: number;
  /** False only when the request certainly never reached the server (e.g. connection refused). */
  mayHaveReachedServer?: boolean;
  cause?: unknown;
}

export class EcsError extends Error {
  readonly action: string;
  readonly httpStatus: number;
  readonly code: string;
  readonly ecsMessage: string;
  readonly requestId: string | undefined;
  readonly hostId: string | undefined;
  readonly recommend: string | undefined;
  retryable: boolean;
  /** How many attempts the call made when this error ended it (1 without retries). */
  attempts = 1;
  readonly retryAfterMs: number | undefined;
  readonly mayHaveReachedServer: boolean;

  constructor(init: EcsErrorInit) {
    super(describe(init), init.cause === undefined ? undefined : { cause: init.cause });
    this.name = "EcsError";
    this.action = init.action;
    this.httpStatus = init.httpStatus;
    this.code = init.code;
    this.ecsMessage = init.ecsMessage;
    this.requestId = init.requestId;
    this.hostId = init.hostId;
    this.recommend = init.recommend;
    this.retryable = init.retryable ?? false;
    this.retryAfterMs = init.retryAfterMs;
    this.mayHaveReachedServer = init.mayHaveReachedServer ?? true;
  }

  /** True for an answer from ECS (as opposed to a network failure). */
  get fromServer(): boolean {
    return this.httpStatus > 0;
  }
}

function describe(e: EcsErrorInit): string {
  const where = e.httpStatus > 0 ? `HTTP ${e.httpStatus}` : "network";
  const text = e.ecsMessage.trim().replace(/\.?$/, ".");
  let msg = `ECS ${e.action} failed: ${e.code} (${where}): ${text}`;
  if (e.requestId) msg += ` RequestId: ${e.requestId}.`;
  if (e.recommend) msg += ` See ${e.recommend}`;
  return msg;
}

/** Removes every occurrence of the given sensitive values (secret, signature, token) from a text,
 * also percent-encoded once or twice: a SignatureDoesNotMatch message quotes the server's string
 * to sign, where an STS token (base64: + / =) appears encoded twice. */
export function redact(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const s of secrets) {
    if (!s || s.length < 4) continue;
    const once = percentEncode(s);
    for (const form of new Set([s, once, percentEncode(once)])) if (out.includes(form)) out = out.split(form).join("***");
  }
  return out;
}

/** True when `e` is an EcsError with one of the given codes. Handy for "not found = done". */
export function isEcsError(e: unknown, ...codes: string[]): e is EcsError {
  return e instanceof EcsError && (codes.length === 0 || codes.includes(e.code));
}

/** An EcsError for a failure below HTTP (no answer was read), with secrets removed from its text. */
export function networkError(action: string, e: unknown, secrets: readonly (string | undefined)[]): EcsError {
  if (e instanceof TransportError) {
    return new EcsError({ action, httpStatus: 0, code: e.code, ecsMessage: redact(e.message, secrets), mayHaveReachedServer: e.mayHaveReachedServer });
  }
  return new EcsError({ action, httpStatus: 0, code: "ClientError", ecsMessage: redact(String((e as Error)?.message ?? e), secrets) });
}
