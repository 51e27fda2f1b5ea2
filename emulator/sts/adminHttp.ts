/** HTTP mirror of StsAdmin under /_emulator/sts/ (loopback only, like the rest of the admin API):
 *  GET  /_emulator/sts                          account id, roles, OIDC providers (JWKS included)
 *  PUT  /_emulator/sts/config {StsConfigInput}  replaces the whole configuration
 *  PUT|DELETE /_emulator/sts/roles/{name}            {RoleInput without name}
 *  PUT|DELETE /_emulator/sts/oidc-providers/{name}   {OidcProviderInput without name}
 *  GET  /_emulator/sts/sessions                 issued sessions (secrets included) and expiredRefusals
 *  DELETE /_emulator/sts/sessions               forgets them */
import type { IncomingMessage, ServerResponse } from "node:http";
import { LOOPBACK, send } from "../admin";
import type { OidcProviderInput, RoleInput, StsConfigInput } from "./config";
import type { StsAdmin, StsService } from "./service";

export const STS_ADMIN_PREFIX = "/_emulator/sts";
function describe(sts: StsService) {
  return {
    accountId: sts.config.accountId,
    roles: [...sts.config.roles.values()],
    oidcProviders: [...sts.config.oidcProviders.values()],
    users: sts.config.users,
  };
}

export function stsAdminHttpHandler(sts: StsService, admin: StsAdmin) {
  return async (req: IncomingMessage, res: ServerResponse, raw: Buffer): Promise<void> => {
    if (!LOOPBACK.has(req.socket.remoteAddress ?? "")) return send(res, 403, { Code: "Forbidden", Message: "The emulator admin API answers on loopback only." });
    const url = new URL(req.url ?? "/", "http://localhost");
    const method = (req.method ?? "GET").toUpperCase();
    const [kind, name] = url.pathname.slice(STS_ADMIN_PREFIX.length).split("/").filter(Boolean).map(decodeURIComponent);
    let body: Record<string, unknown> = {};
    try {
      if (raw.length) body = JSON.parse(raw.toString("utf8")) as Record<string, unknown>;
    } catch {
      return send(res, 400, { Code: "InvalidJson", Message: "The admin request body must be JSON." });
    }
    try {
      switch (`${method} ${kind ?? ""}${name === undefined ? "" : " {name}"}`) {
        case "GET ":
          return send(res, 200, describe(sts));
        case "PUT config":
          admin.configure(body as StsConfigInput);
          return send(res, 200, describe(sts));
        case "PUT roles {name}":
          return send(res, 200, admin.putRole({ ...(body as Omit<RoleInput, "name">), name: name as string }));
        case "PUT oidc-providers {name}":
          return send(res, 200, admin.putOidcProvider({ ...(body as Omit<OidcProviderInput, "name">), name: name as string }));
        case "DELETE roles {name}":
        case "DELETE oidc-providers {name}": {
          const ok = kind === "roles" ? admin.deleteRole(name as string) : admin.deleteOidcProvider(name as string);
          return send(res, ok ? 200 : 404, ok ? { ok: true } : { Code: "NotFound", Message: `No ${kind} ${name}.` });
        }
        case "GET sessions":
          return send(res, 200, { sessions: admin.sessions(), expiredRefusals: admin.expiredRefusals() });
        case "DELETE sessions":
          admin.reset();
          return send(res, 200, { ok: true });
        default:
          return send(res, 404, { Code: "NotFound", Message: `No admin route ${method} ${url.pathname}.` });
      }
    } catch (err) {
      return send(res, 400, { Code: "InvalidRequest", Message: err instanceof Error ? err.message : String(err) });
    }
  };
}
