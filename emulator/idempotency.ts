/** ClientToken: the same token with the same parameters returns the first answer; with different
 *  parameters it is IdempotentParameterMismatch. Scoped per account + action + token. */
import { createHash } from "node:crypto";
import { ApiError, invalidParameter } from "./errors";
import { operationParams } from "./protocol/request";
import type { AccountState } from "./state";

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

export function checkClientToken(account: AccountState, action: string, params: Record<string, string>): TokenCheck | undefined {
  const token = params.ClientToken;
  if (token === undefined || token === "") return undefined;
  if (token.length > 64 || !/^[\x20-\x7e]+$/.test(token)) throw invalidParameter("ClientToken", "It must be at most 64 ASCII characters.");
  const key = `${action}\n${token}`;
  const hash = paramsHash(params);
  const prior = account.idempotency[key];
  if (!prior) return { key, hash };
  if (prior.paramsHash !== hash)
    throw new ApiError("IdempotentParameterMismatch", "The specified parameters are different from before for the same ClientToken.", 400);
  return { key, hash, replay: prior.body };
}
