/** Evaluates a role's trust policy for one AssumeRole / AssumeRoleWithOIDC request: an explicit
 *  Deny wins, otherwise some Allow statement must name the caller (RAM principal or federated OIDC
 *  provider) for sts:AssumeRole with every condition met. Unknown operators or keys never match. */
import type { TrustPolicy, TrustStatement } from "./config";

export interface TrustRequest {
  /** RAM caller: acs:ram::<uid>:user/<name> or acs:ram::<uid>:role/<name> (a role session chaining). */
  ramPrincipal?: string;
  /** The OIDC provider ARN of AssumeRoleWithOIDC. */
  federatedPrincipal?: string;
  /** Condition keys: sts:ExternalId, oidc:iss, oidc:aud, oidc:sub (each may have several values). */
  context: Record<string, string[]>;
}

const list = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

function globMatch(pattern: string, value: string): boolean {
  const re = new RegExp("^" + pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".") + "$");
  return re.test(value);
}

/** acs:ram::<uid>:root names every principal of the account; "*" names anyone. */
function ramPrincipalMatches(entry: string, caller: string): boolean {
  if (entry === "*") return true;
  const uid = /^acs:ram::(\d+):root$/.exec(entry)?.[1];
  if (uid) return caller.startsWith(`acs:ram::${uid}:`);
  return entry.toLowerCase() === caller.toLowerCase();
}

function principalMatches(s: TrustStatement, req: TrustRequest): boolean {
  const ram = req.ramPrincipal;
  if (ram && list(s.Principal.RAM).some((e) => ramPrincipalMatches(e, ram))) return true;
  const fed = req.federatedPrincipal;
  return !!fed && list(s.Principal.Federated).some((e) => e === "*" || e.toLowerCase() === fed.toLowerCase());
}

const OPERATORS: Record<string, (expected: string, actual: string) => boolean> = {
  StringEquals: (e, a) => e === a,
  StringNotEquals: (e, a) => e !== a,
  StringEqualsIgnoreCase: (e, a) => e.toLowerCase() === a.toLowerCase(),
  StringLike: (e, a) => globMatch(e, a),
  StringNotLike: (e, a) => !globMatch(e, a),
};

function conditionsHold(s: TrustStatement, req: TrustRequest): boolean {
  for (const [operator, keys] of Object.entries(s.Condition ?? {})) {
    const test = OPERATORS[operator];
    if (!test) return false;
    for (const [key, expected] of Object.entries(keys)) {
      const actual = req.context[key] ?? [];
      if (!actual.some((a) => list(expected).some((e) => test(e, a)))) return false;
    }
  }
  return true;
}

const assumesRole = (s: TrustStatement): boolean => list(s.Action).some((a) => a === "sts:AssumeRole" || a === "sts:*" || a === "*");

export function trustAllows(policy: TrustPolicy, req: TrustRequest): boolean {
  const applies = (s: TrustStatement): boolean => assumesRole(s) && principalMatches(s, req) && conditionsHold(s, req);
  if (policy.Statement.some((s) => s.Effect === "Deny" && applies(s))) return false;
  return policy.Statement.some((s) => s.Effect === "Allow" && applies(s));
}
