/** SSH key pair actions. CreateKeyPair returns a real unencrypted PEM PKCS#8 RSA private key that
 *  is never stored; ImportKeyPair checks that the public key is a real key of its declared type.
 *  Both report the RFC 4716 MD5 fingerprint of the public key blob. */
import { ApiError } from "../errors";
import { paginate } from "../pagination";
import { matchesTags, type ParamReader } from "../params";
import { byCreation, type KeyPairRecord, type RegionState, type Tag } from "../state";
import { isoSeconds } from "./resourceFields";
import { PublicKeyError, parseOpenSshPublicKey, rfc4716Fingerprint, type ParsedPublicKey } from "../../provider/ssh/publicKey";
import { generateRsaKeyPair } from "./sshKeys";
import { nameMatches, renderTags } from "./common";
import type { ActionContext, ActionTable } from "./types";

/** Key pairs per region (the reference's quota). */
export const MAX_KEY_PAIRS_PER_REGION = 500;

/** 2–128 characters, a letter first, then letters, digits, underscores, colons or hyphens; no http(s)://. */
const KEY_PAIR_NAME = /^(?!https?:\/\/)[A-Za-z][A-Za-z0-9_:\-]{1,127}$/;
const KEY_PAIR_NAME_RULE = "It must be 2 to 128 characters long, start with a letter, and contain only letters, digits, underscores (_), colons (:) and hyphens (-).";

/** The new pair's name, checked for syntax, uniqueness and the region quota. */
function readNewKeyPairName(p: ParamReader, region: RegionState): string {
  const name = p.need("KeyPairName");
  if (!KEY_PAIR_NAME.test(name)) throw new ApiError("InvalidKeyPairName.Malformed", `Specified Key Pair name is not valid: "${name}". ${KEY_PAIR_NAME_RULE}`, 400);
  // The reference reports an existing name with the same code ("invalid or already exists").
  if (region.keyPairs[name]) throw new ApiError("InvalidKeyPairName.Malformed", `Specified Key Pair name is not valid: a key pair named "${name}" already exists.`, 400);
  if (Object.keys(region.keyPairs).length >= MAX_KEY_PAIRS_PER_REGION)
    throw new ApiError("QuotaExceed.KeyPair", `The key pair quota exceeds: at most ${MAX_KEY_PAIRS_PER_REGION} key pairs per region.`, 403);
  return name;
}

function store(ctx: ActionContext, region: RegionState, name: string, key: ParsedPublicKey, tags: Tag[]): KeyPairRecord {
  const record = ctx.created<KeyPairRecord>({
    kind: "keypair",
    id: name,
    regionId: region.regionId,
    createdAt: ctx.now(),
    tags,
    resourceGroupId: ctx.params.str("ResourceGroupId"),
    name,
    fingerprint: rfc4716Fingerprint(key.blob),
    publicKey: key.openssh,
  });
  region.keyPairs[name] = record;
  return record;
}

async function createKeyPair(ctx: ActionContext): Promise<Record<string, unknown>> {
  const region = ctx.region();
  const name = readNewKeyPairName(ctx.params, region);
  const tags = ctx.params.tags("Tag");
  const generated = await generateRsaKeyPair();
  // The name may have been taken while the key was being generated.
  if (region.keyPairs[name]) throw new ApiError("InvalidKeyPairName.Malformed", `Specified Key Pair name is not valid: a key pair named "${name}" already exists.`, 400);
  const record = store(ctx, region, name, generated.publicKey, tags);
  return { KeyPairName: record.name, KeyPairFingerPrint: record.fingerprint, PrivateKeyBody: generated.privateKeyPem };
}

function importKeyPair(ctx: ActionContext): Record<string, unknown> {
  const region = ctx.region();
  const name = readNewKeyPairName(ctx.params, region);
  const body = ctx.params.need("PublicKeyBody");
  const tags = ctx.params.tags("Tag");
  let key: ParsedPublicKey;
  try {
    key = parseOpenSshPublicKey(body);
  } catch (e) {
    if (e instanceof PublicKeyError) throw new ApiError("InvalidPublicKeyBody.Malformed", `The PublicKeyBody format is not supported: ${e.message}.`, 400);
    throw e;
  }
  const record = store(ctx, region, name, key, tags);
  return { KeyPairName: record.name, KeyPairFingerPrint: record.fingerprint };
}

function describeKeyPairs(ctx: ActionContext): Record<string, unknown> {
  const p = ctx.params;
  const region = ctx.region();
  const namePattern = p.str("KeyPairName");
  const fingerprint = p.str("KeyPairFingerPrint");
  const resourceGroupId = p.str("ResourceGroupId");
  const includePublicKey = p.bool("IncludePublicKey", { default: false });
  const tagFilter = p.tags("Tag");
  const matching = Object.values(region.keyPairs)
    .filter((k) => ctx.visible(k))
    .filter((k) => !namePattern || nameMatches(k.name, namePattern))
    .filter((k) => !fingerprint || k.fingerprint === fingerprint)
    .filter((k) => !resourceGroupId || k.resourceGroupId === resourceGroupId)
    .filter((k) => matchesTags(k.tags, tagFilter))
    .sort(byCreation);
  const page = paginate(matching, p, { defaultSize: 10, maxSize: 50 });
  return {
    TotalCount: page.TotalCount,
    PageNumber: page.PageNumber,
    PageSize: page.PageSize,
    KeyPairs: {
      KeyPair: page.items.map((k) => ({
        KeyPairName: k.name,
        KeyPairFingerPrint: k.fingerprint,
        CreationTime: isoSeconds(k.createdAt),
        ResourceGroupId: k.resourceGroupId ?? "",
        Tags: renderTags(k.tags),
        ...(includePublicKey ? { PublicKey: k.publicKey } : {}),
      })),
    },
  };
}

/** Deleting names that do not exist is not an error. Instances keep using (and showing) a deleted
 *  pair's name: the reference says so, so an attached pair can be deleted. */
function deleteKeyPairs(ctx: ActionContext): Record<string, unknown> {
  const region = ctx.region();
  const names = ctx.params.jsonList("KeyPairNames", { max: 100 });
  if (!names || names.length === 0) throw new ApiError("MissingParameter", `The input parameter "KeyPairNames" that is mandatory for processing this request is not supplied.`, 400);
  for (const name of names) delete region.keyPairs[name];
  return {};
}

export const keyPairsActions: ActionTable = {
  CreateKeyPair: createKeyPair,
  ImportKeyPair: importKeyPair,
  DescribeKeyPairs: describeKeyPairs,
  DeleteKeyPairs: deleteKeyPairs,
};
