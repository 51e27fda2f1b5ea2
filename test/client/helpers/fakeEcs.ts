import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { parseAuthorizationV3, signV1, signV3, sha256Hex } from "../../../provider/client/signing";

/** One request as the fake server saw it. */
export interface Arrival {
  at: number;
  method: string;
  action: string;
  /** Query ∪ form body, decoded. */
  params: Record<string, string>;
  headers: IncomingMessage["headers"];
  /** Whether its signature verified against `secret`. */
  signatureOk: boolean;
  nonce: string;
}

export type Reply =
  | { status?: number; json?: unknown; xml?: string; headers?: Record<string, string> }
  | "destroy"
  /** Never answer (the socket stays open until the server closes). */
  | "hang";

export interface FakeEcs {
  url: string;
  arrivals: Arrival[];
  close(): Promise<void>;
}

function decodeForm(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(text)) out[k] = v;
  return out;
}

/** Recomputes the request's signature (V1 or V3) with the shared signers. */
function verify(req: IncomingMessage, query: Record<string, string>, body: string, secret: string): boolean {
  const auth = req.headers.authorization;
  if (typeof auth === "string") {
    const parsed = parseAuthorizationV3(auth);
    if (!parsed) return false;
    const headers: Record<string, string> = {};
    for (const name of parsed.signedHeaders) headers[name] = String(req.headers[name] ?? "");
    if (sha256Hex(body) !== headers["x-acs-content-sha256"]) return false;
    const { signature } = signV3({ method: req.method ?? "GET", path: "/", query, headers, payloadHash: sha256Hex(body) }, secret);
    return signature === parsed.signature;
  }
  const all = { ...query, ...decodeForm(body) };
  const { Signature, ...rest } = all;
  return Signature === signV1(req.method ?? "GET", rest, secret);
}

/** A real HTTP server on loopback that plays ECS for the client tests: records every arrival,
 * checks signatures, and answers with whatever `handler` says. */
export async function startFakeEcs(handler: (a: Arrival, index: number) => Reply, secret = "test-secret"): Promise<FakeEcs> {
  const arrivals: Arrival[] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const url = new URL(req.url ?? "/", "http://x");
      const query = decodeForm(url.search.slice(1));
      const params = { ...query, ...decodeForm(body) };
      const arrival: Arrival = {
        at: Date.now(),
        method: req.method ?? "",
        action: String(req.headers["x-acs-action"] ?? params.Action ?? ""),
        params,
        headers: req.headers,
        signatureOk: verify(req, query, body, secret),
        nonce: String(req.headers["x-acs-signature-nonce"] ?? params.SignatureNonce ?? ""),
      };
      arrivals.push(arrival);
      const reply = handler(arrival, arrivals.length - 1);
      if (reply === "destroy") {
        req.socket.destroy();
        return;
      }
      if (reply === "hang") return;
      const headers: Record<string, string> = { ...(reply.headers ?? {}) };
      let text: string;
      if (reply.xml !== undefined) {
        headers["content-type"] ??= "text/xml;charset=utf-8";
        text = reply.xml;
      } else {
        headers["content-type"] ??= "application/json;charset=utf-8";
        text = JSON.stringify(reply.json ?? { RequestId: `req-${arrivals.length}` });
      }
      res.writeHead(reply.status ?? 200, headers);
      res.end(text);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    arrivals,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

export const ok = (extra: Record<string, unknown> = {}): Reply => ({ json: { RequestId: "ok-req", ...extra } });

export const ecsError = (status: number, code: string, message: string, headers?: Record<string, string>): Reply => ({
  status,
  headers,
  json: { RequestId: `err-${code}`, HostId: "ecs.aliyuncs.com", Code: code, Message: message },
});
