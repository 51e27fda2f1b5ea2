/** ClientToken: the same token with the same parameters returns the first answer; with different
 *  parameters it is IdempotentParameterMismatch. Scoped per account + action + token.
 *  Remembered answers are kept for TOKEN_TTL_MS of emulated time and at most MAX_TOKENS per account
 *  (oldest first out), so the state file stays bounded. Only a hash of the parameters is kept, never
 *  their values (RunInstances carries Password). */
import { createHash } from "node:crypto";
import { ApiError, invalidParameter } from "./errors";
import { operationParams } from "./protocol/request";
import type { AccountState, IdempotencyEntry } from "./state";

/** The reference states no window; 24 h covers every retry a client makes. */
export const TOKEN_TTL_MS = 24 * 60 * 60 * 1000;
export const MAX_TOKENS = 10_000;

/** Actions the reference gives no ClientToken. CreateKeyPair's answer is the private key, which must
 *  never be stored; a retry gets the reference's "name already exists" instead of a replay. */
const UNTOKENED_ACTIONS: ReadonlySet<string> = new Set(["CreateKeyPair", "ImportKeyPair"]);
/** Defence in depth: an answer carrying one of these fields is never remembered. */
const SECRET_FIELDS = ["PrivateKeyBody", "Password", "AccessKeySecret"];

export function paramsHash(params: Record<string, string>): string {
  const op = operationParams(params);
  const h = createHash("sha256");
  for (const k of Object.keys(op).sort()) h.update(`${k}=${op[k]}\n`);
  h.update(`RegionId=${params.RegionId ?? ""}`);
  return h.digest("hex");
}

export interface TokenCheck {
  key: string;
  hash: string;
  /** The earlier answer to replay, if any. */
  replay?: Record<string, unknown>;
}

export function checkClientToken(account: AccountState, action: string, params: Record<string, string>, now: number): TokenCheck | undefined {
  const token = params.ClientToken;
  if (token === undefined || token === "" || UNTOKENED_ACTIONS.has(action)) return undefined;
  if (token.length > 64 || !/^[\x20-\x7e]+$/.test(token)) throw invalidParameter("ClientToken", "It must be at most 64 ASCII characters.");
  const key = `${action}\n${token}`;
  const hash = paramsHash(params);
  const prior = account.idempotency[key];
  if (!prior) return { key, hash };
  if (prior.at <= now - TOKEN_TTL_MS) {
    forget(account, key); // expired: a new request; re-remembering it puts it last in age order
    return { key, hash };
  }
  if (prior.paramsHash !== hash)
    throw new ApiError("IdempotentParameterMismatch", "The specified parameters are different from before for the same ClientToken.", 400);
  return { key, hash, replay: prior.body };
}

/** Book-keeping per token map, so a call costs O(1) amortised however many tokens are remembered:
 *  enumerating the map is O(n), so it happens only to prune, in batches (down to PRUNE_TO below the
 *  cap) and for expiry at most once per PRUNE_EVERY_MS of emulated time. Rebuilt after a load or a
 *  reset, which replace the map object. */
interface BookMeta {
  size: number;
  oldestAt: number;
  prunedAt: number;
}
const PRUNE_TO = Math.floor(MAX_TOKENS * 0.9);
const PRUNE_EVERY_MS = 60_000;
const metas = new WeakMap<Record<string, IdempotencyEntry>, BookMeta>();

function metaOf(book: Record<string, IdempotencyEntry>): BookMeta {
  let meta = metas.get(book);
  if (!meta) {
    const entries = Object.values(book);
    meta = { size: entries.length, oldestAt: entries.length ? entries[0].at : Infinity, prunedAt: -Infinity };
    metas.set(book, meta);
  }
  return meta;
}

function forget(account: AccountState, key: string): void {
  const book = account.idempotency;
  if (!Object.hasOwn(book, key)) return;
  const meta = metaOf(book);
  delete book[key];
  meta.size--;
}

/** Remembers a successful answer. Entries are inserted in emulated-time order, so pruning walks from
 *  the oldest and stops at the first entry it keeps. */
export function rememberToken(account: AccountState, check: TokenCheck, body: Record<string, unknown>, now: number): void {
  if (SECRET_FIELDS.some((f) => f in body)) return;
  forget(account, check.key); // a concurrent twin finished first: keep one entry, at the young end
  const book = account.idempotency;
  const meta = metaOf(book);
  book[check.key] = { paramsHash: check.hash, body, at: now };
  meta.size++;
  if (meta.size === 1) meta.oldestAt = now;
  const expiredDue = meta.oldestAt <= now - TOKEN_TTL_MS && now - meta.prunedAt >= PRUNE_EVERY_MS;
  if (meta.size <= MAX_TOKENS && !expiredDue) return;
  meta.prunedAt = now;
  const target = meta.size > MAX_TOKENS ? PRUNE_TO : MAX_TOKENS;
  for (const key in book) {
    if (meta.size <= target && book[key].at > now - TOKEN_TTL_MS) {
      meta.oldestAt = book[key].at;
      return;
    }
    delete book[key];
    meta.size--;
  }
  meta.oldestAt = Infinity;
}
