/** SSH key pairs: names unique per region, the region's quota, and fingerprints. CreateKeyPair's
 *  private key is returned once and never stored; ImportKeyPair checks that the public key is a
 *  real key of its declared type. Both keep the RFC 4716 MD5 fingerprint of the public key blob. */
import { ApiError } from "../errors";
import { checkQuota } from "../kinds";
import { PublicKeyError, parseOpenSshPublicKey, rfc4716Fingerprint, type ParsedPublicKey } from "../../provider/ssh/publicKey";
import type { KeyPairRecord, RegionState, Tag } from "../state";
import type { ModelContext } from "./context";
import { generateRsaKeyPair } from "./sshKeys";

export interface NewKeyPair {
  name: string;
  tags: Tag[];
  resourceGroupId?: string;
}

/** The reference reports an existing name with the malformed-name code ("invalid or already exists"). */
const nameTaken = (name: string): ApiError => new ApiError("InvalidKeyPairName.Malformed", `Specified Key Pair name is not valid: a key pair named "${name}" already exists.`, 400);

function checkNewName(region: RegionState, name: string): void {
  if (region.keyPairs[name]) throw nameTaken(name);
  checkQuota("keypair", Object.keys(region.keyPairs).length);
}

function store(m: ModelContext, region: RegionState, spec: NewKeyPair, key: ParsedPublicKey): KeyPairRecord {
  const record = m.created<KeyPairRecord>({
    kind: "keypair",
    id: spec.name,
    regionId: region.regionId,
    createdAt: m.now(),
    tags: spec.tags,
    resourceGroupId: spec.resourceGroupId,
    name: spec.name,
    fingerprint: rfc4716Fingerprint(key.blob),
    publicKey: key.openssh,
  });
  region.keyPairs[spec.name] = record;
  return record;
}

/** A new RSA pair; the private key is the caller's only copy. */
export async function createKeyPair(m: ModelContext, region: RegionState, spec: NewKeyPair): Promise<{ record: KeyPairRecord; privateKeyPem: string }> {
  checkNewName(region, spec.name);
  const generated = await generateRsaKeyPair();
  // The name may have been taken while the key was being generated.
  if (region.keyPairs[spec.name]) throw nameTaken(spec.name);
  return { record: store(m, region, spec, generated.publicKey), privateKeyPem: generated.privateKeyPem };
}

export function importKeyPair(m: ModelContext, region: RegionState, spec: NewKeyPair, publicKeyBody: string): KeyPairRecord {
  checkNewName(region, spec.name);
  let key: ParsedPublicKey;
  try {
    key = parseOpenSshPublicKey(publicKeyBody);
  } catch (e) {
    if (e instanceof PublicKeyError) throw new ApiError("InvalidPublicKeyBody.Malformed", `The PublicKeyBody format is not supported: ${e.message}.`, 400);
    throw e;
  }
  return store(m, region, spec, key);
}

/** Deleting names that do not exist is not an error. Instances keep using (and showing) a deleted
 *  pair's name: the reference says so, so an attached pair can be deleted. */
export function deleteKeyPairs(region: RegionState, names: readonly string[]): void {
  for (const name of names) delete region.keyPairs[name];
}
