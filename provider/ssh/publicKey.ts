/** OpenSSH public keys: parsing and validation, the RFC 4716 MD5 fingerprint ECS reports, and
 *  building an ssh-rsa key from a JWK. Shared by the KeyPair provider (check, diff) and the
 *  emulator (ImportKeyPair, CreateKeyPair), so both accept and fingerprint keys the same way. */
import { createHash, createPublicKey, type JsonWebKey } from "node:crypto";

/** Key types ImportKeyPair accepts: the reference's list plus the modern ed25519 and plain ECDSA curves. */
const CERT_TYPES = new Set([
  "ssh-rsa-cert-v00@openssh.com",
  "ssh-dss-cert-v00@openssh.com",
  "ssh-rsa-cert-v01@openssh.com",
  "ssh-dss-cert-v01@openssh.com",
  "ecdsa-sha2-nistp256-cert-v01@openssh.com",
  "ecdsa-sha2-nistp384-cert-v01@openssh.com",
  "ecdsa-sha2-nistp521-cert-v01@openssh.com",
]);
const ECDSA_CURVES: Readonly<Record<string, { curve: string; crv: string; coordBytes: number }>> = {
  "ecdsa-sha2-nistp256": { curve: "nistp256", crv: "P-256", coordBytes: 32 },
  "ecdsa-sha2-nistp384": { curve: "nistp384", crv: "P-384", coordBytes: 48 },
  "ecdsa-sha2-nistp521": { curve: "nistp521", crv: "P-521", coordBytes: 66 },
};

export interface ParsedPublicKey {
  type: string;
  /** The decoded wire-format key blob (what the fingerprint hashes). */
  blob: Buffer;
  /** Canonical one-line OpenSSH form, without the comment. */
  openssh: string;
}

/** Why a public key was refused; the caller maps it to InvalidPublicKeyBody.Malformed. */
export class PublicKeyError extends Error {}

/** Reads the length-prefixed strings of the SSH wire format (RFC 4253 §6.6). */
class WireReader {
  private offset = 0;
  constructor(private readonly buf: Buffer) {}
  string(): Buffer {
    if (this.offset + 4 > this.buf.length) throw new PublicKeyError("the key blob is truncated");
    const len = this.buf.readUInt32BE(this.offset);
    const start = this.offset + 4;
    if (start + len > this.buf.length) throw new PublicKeyError("the key blob is truncated");
    this.offset = start + len;
    return this.buf.subarray(start, start + len);
  }
  done(): boolean {
    return this.offset === this.buf.length;
  }
}

const base64url = (b: Buffer): string => b.toString("base64url");
/** SSH mpints carry a leading zero byte when the high bit is set; JWK wants the bare magnitude. */
const unsignedMagnitude = (b: Buffer): Buffer => {
  let i = 0;
  while (i < b.length - 1 && b[i] === 0) i++;
  return b.subarray(i);
};

function checkWithNodeCrypto(jwk: JsonWebKey, what: string): void {
  try {
    createPublicKey({ key: jwk, format: "jwk" });
  } catch {
    throw new PublicKeyError(`the ${what} key material is not a valid public key`);
  }
}

function validateKeyMaterial(type: string, reader: WireReader): void {
  if (type === "ssh-rsa") {
    const e = unsignedMagnitude(reader.string());
    const n = unsignedMagnitude(reader.string());
    if (n.length * 8 < 1024) throw new PublicKeyError("RSA keys must have at least 1024 bits");
    checkWithNodeCrypto({ kty: "RSA", e: base64url(e), n: base64url(n) }, "RSA");
  } else if (type === "ssh-ed25519") {
    const x = reader.string();
    if (x.length !== 32) throw new PublicKeyError("an ed25519 key is 32 bytes");
    checkWithNodeCrypto({ kty: "OKP", crv: "Ed25519", x: base64url(x) }, "ed25519");
  } else if (type in ECDSA_CURVES) {
    const { curve, crv, coordBytes } = ECDSA_CURVES[type]!;
    if (reader.string().toString("latin1") !== curve) throw new PublicKeyError(`the curve name does not match ${type}`);
    const q = reader.string();
    if (q.length !== 1 + 2 * coordBytes || q[0] !== 0x04) throw new PublicKeyError("the ECDSA point must be uncompressed");
    const x = q.subarray(1, 1 + coordBytes);
    const y = q.subarray(1 + coordBytes);
    checkWithNodeCrypto({ kty: "EC", crv, x: base64url(x), y: base64url(y) }, "ECDSA");
  } else if (type === "ssh-dss") {
    for (const part of ["p", "q", "g", "y"]) if (reader.string().length === 0) throw new PublicKeyError(`the DSA ${part} is empty`);
  } else if (CERT_TYPES.has(type)) {
    // Certificates: a nonce, then the embedded key; their full structure is not checked here.
    reader.string();
    return;
  } else {
    throw new PublicKeyError(`the key type "${type}" is not supported`);
  }
  if (!reader.done()) throw new PublicKeyError("the key blob has trailing bytes");
}

/** Parses "type base64 [comment]" and checks that the blob really is a key of the declared type. */
export function parseOpenSshPublicKey(text: string): ParsedPublicKey {
  const parts = text.trim().split(/\s+/);
  if (parts.length < 2) throw new PublicKeyError('expected "<type> <base64 key> [comment]"');
  const [declared, b64] = parts as [string, string];
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64) || b64.length % 4 !== 0) throw new PublicKeyError("the key is not valid base64");
  const blob = Buffer.from(b64, "base64");
  const reader = new WireReader(blob);
  const embedded = reader.string().toString("latin1");
  if (embedded !== declared) throw new PublicKeyError(`the key says "${declared}" but its blob holds "${embedded}"`);
  validateKeyMaterial(embedded, reader);
  return { type: embedded, blob, openssh: `${embedded} ${blob.toString("base64")}` };
}

/** RFC 4716 §4: the MD5 of the key blob, as colon-separated lowercase hex pairs. */
export function rfc4716Fingerprint(blob: Buffer): string {
  return createHash("md5").update(blob).digest("hex").match(/../g)!.join(":");
}

const sshString = (b: Buffer): Buffer => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(b.length);
  return Buffer.concat([len, b]);
};
/** SSH mpint: two's complement, so a magnitude with the high bit set gets a zero byte in front. */
const sshMpint = (magnitude: Buffer): Buffer => sshString(magnitude[0]! & 0x80 ? Buffer.concat([Buffer.alloc(1), magnitude]) : magnitude);

/** Builds the ssh-rsa wire blob from a JWK's n and e. */
export function rsaPublicKeyToOpenSsh(jwk: JsonWebKey): ParsedPublicKey {
  if (jwk.kty !== "RSA" || !jwk.n || !jwk.e) throw new PublicKeyError("not an RSA key");
  const type = "ssh-rsa";
  const blob = Buffer.concat([sshString(Buffer.from(type)), sshMpint(Buffer.from(jwk.e, "base64url")), sshMpint(Buffer.from(jwk.n, "base64url"))]);
  return { type, blob, openssh: `${type} ${blob.toString("base64")}` };
}
