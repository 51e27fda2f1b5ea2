/** RSA key generation for the emulator's CreateKeyPair. Parsing and fingerprints live on the
 *  provider side (provider/ssh/publicKey.ts) so the provider never depends on the emulator. */
import { createPublicKey, generateKeyPair } from "node:crypto";
import { promisify } from "node:util";
import { rsaPublicKeyToOpenSsh, type ParsedPublicKey } from "../../provider/ssh/publicKey";

const generateKeyPairAsync = promisify(generateKeyPair);

export interface GeneratedKeyPair {
  /** Unencrypted PEM-encoded PKCS#8, as CreateKeyPair returns it. */
  privateKeyPem: string;
  publicKey: ParsedPublicKey;
}

/** A fresh RSA key pair (2048 bits, like ECS); generated off the event loop. */
export async function generateRsaKeyPair(bits = 2048): Promise<GeneratedKeyPair> {
  const { publicKey, privateKey } = await generateKeyPairAsync("rsa", {
    modulusLength: bits,
    publicExponent: 0x10001,
    publicKeyEncoding: { type: "spki", format: "der" },
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
  });
  return { privateKeyPem: privateKey, publicKey: rsaPublicKeyToOpenSsh(createPublicKey({ key: publicKey, format: "der", type: "spki" }).export({ format: "jwk" })) };
}

