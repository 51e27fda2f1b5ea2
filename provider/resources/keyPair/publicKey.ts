/** The provider's view of an OpenSSH public key: is it parseable, and which RFC 4716 (MD5)
 *  fingerprint will ECS report for it. The parser (provider/ssh) is the one the emulator's
 *  ImportKeyPair uses too, so check() refuses exactly what the API would refuse. */
import { PublicKeyError, parseOpenSshPublicKey, rfc4716Fingerprint } from "../../ssh/publicKey";

/** Why `text` is not an OpenSSH public key, or undefined when it is one. */
export function publicKeyProblem(text: string): string | undefined {
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text))
    return "is a private key; pass the public key (the one-line content of id_rsa.pub), never the private key";
  try {
    parseOpenSshPublicKey(text);
    return undefined;
  } catch (e) {
    if (e instanceof PublicKeyError) return `is not an OpenSSH public key ("<type> <base64> [comment]"): ${e.message}`;
    throw e;
  }
}

/** The fingerprint ECS reports for this key (MD5 of the key blob, colon-separated hex). */
export function publicKeyFingerprint(text: string): string | undefined {
  try {
    return rfc4716Fingerprint(parseOpenSshPublicKey(text).blob);
  } catch {
    return undefined;
  }
}

/** The same key written differently (comment, spacing) is the same key. */
export function samePublicKey(a: string | undefined, b: string | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined) return false;
  const fa = publicKeyFingerprint(a);
  return fa !== undefined && fa === publicKeyFingerprint(b);
}
