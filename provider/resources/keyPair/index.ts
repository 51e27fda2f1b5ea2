/** The KeyPair provider: ImportKeyPair when publicKey is given, else CreateKeyPair (whose private
 *  key becomes the secret output privateKey; the sdk class marks it with additionalSecretOutputs).
 *  The name is the ID. Name and public key replace (deleting first when the name stays); tags
 *  change in place. The private key never appears in a message: no error here quotes a response. */
import type { KeyPairInputs, KeyPairOutputs } from "../../../sdk/types/keyPair";
import { isEcsError, jsonArray, type EcsClient } from "../../client";
import { applyTags, containsUnknown, defineResource, deleteWhileInUse, dropUndefined, ecsTags, length, noHttpPrefix, StillInUseError, tagsFromResponse, tagsToParams, type HiddenInputs, type PropertyDiff, type TimeoutDefaults } from "../common";
import { publicKeyFingerprint, publicKeyProblem, samePublicKey } from "./publicKey";

export const KEY_PAIR_KIND = "KeyPair";
/** Documented in schema.json (KeyPair.timeouts): no waits of its own; delete retries an attached key this long. */
export const KEY_PAIR_TIMEOUTS: TimeoutDefaults = { create: "2m", update: "2m", delete: "2m" };
/** What the reference allows: 2-128 characters, a letter first, then letters, digits, '_', ':' and '-'. */
const KEY_PAIR_NAME = /^[A-Za-z][A-Za-z0-9_:-]*$/;
/** Codes real ECS has used for "this key pair is still attached to instances". */
const ATTACHED = ["InvalidParameter.KeypairAlreadyAttachedInstance", "DependencyViolation.KeyPair", "KeyPair.AttachedInstance"];

type Ins = KeyPairInputs & HiddenInputs;
type Outs = KeyPairOutputs & HiddenInputs;

interface KeyPairItem {
  KeyPairName: string;
  KeyPairFingerPrint: string;
  Tags?: unknown;
}

async function describeKeyPair(client: EcsClient, region: string, name: string): Promise<KeyPairItem | undefined> {
  const res = await client.call<{ KeyPairs?: { KeyPair?: KeyPairItem[] } }>("DescribeKeyPairs", { RegionId: region, KeyPairName: name, PageSize: 50 });
  return res.KeyPairs?.KeyPair?.find((k) => k.KeyPairName === name);
}

const keyPairName = (v: unknown): string | undefined =>
  typeof v !== "string"
    ? "must be a string"
    : (length(2, 128)(v) ?? noHttpPrefix(v) ?? (KEY_PAIR_NAME.test(v) ? undefined : "must start with a letter and contain only letters, digits, '_', ':' and '-'"));

/** Whether the desired public key differs from what the key pair holds. An imported key pair
 *  (pulumi import) has no publicKey in state: its fingerprint decides. */
function publicKeyChanged(olds: Outs, news: Ins): boolean {
  const want = news.publicKey;
  if (containsUnknown(want)) return true;
  if (!want) return !!olds.publicKey; // imported → generated
  if (olds.publicKey) return !samePublicKey(olds.publicKey, want);
  if (olds.privateKey) return true; // generated → imported
  return publicKeyFingerprint(want) !== olds.fingerPrint;
}

export const keyPairProvider = defineResource<Ins, Outs>({
  kind: KEY_PAIR_KIND,
  timeouts: KEY_PAIR_TIMEOUTS,
  // The name is unique per region: a replacement that keeps it must delete the old pair first.
  deleteBeforeReplace: (olds, news) => olds.keyPairName === news.keyPairName,
  hints: { computed: ["timeouts"] },

  validate(c, n) {
    c.required("keyPairName", n.keyPairName);
    c.check("keyPairName", n.keyPairName, keyPairName);
    c.check("publicKey", n.publicKey, (v) => (typeof v === "string" ? publicKeyProblem(v) : "must be a string"));
    c.check("tags", n.tags, ecsTags);
  },

  refineDiff(olds, news, d): PropertyDiff {
    const changed = d.changed.filter((p) => p !== "publicKey");
    const replaces = d.replaces.filter((p) => p !== "publicKey");
    if (publicKeyChanged(olds, news)) {
      changed.push("publicKey");
      replaces.push("publicKey");
    }
    return { changed, replaces };
  },

  async create(ctx, n) {
    const base = { RegionId: ctx.region, KeyPairName: n.keyPairName, Tag: n.tags ? tagsToParams(n.tags) : undefined };
    let fingerPrint: string;
    let privateKey: string | undefined;
    try {
      if (n.publicKey) {
        fingerPrint = (await ctx.client.call<{ KeyPairFingerPrint: string }>("ImportKeyPair", { ...base, PublicKeyBody: n.publicKey })).KeyPairFingerPrint;
      } else {
        const res = await ctx.client.call<{ KeyPairFingerPrint: string; PrivateKeyBody: string }>("CreateKeyPair", base);
        fingerPrint = res.KeyPairFingerPrint;
        privateKey = res.PrivateKeyBody;
      }
    } catch (err) {
      if (!isEcsError(err, "InvalidKeyPairName.Malformed") || !/exist/i.test(err.ecsMessage)) throw err;
      // A re-run after a crash finds its own imported key: same name, same fingerprint. Adopt it.
      const existing = await describeKeyPair(ctx.client, ctx.region, n.keyPairName);
      if (n.publicKey && existing && existing.KeyPairFingerPrint === publicKeyFingerprint(n.publicKey)) {
        fingerPrint = existing.KeyPairFingerPrint;
      } else {
        throw new Error(
          `a key pair named "${n.keyPairName}" already exists in ${ctx.region}${n.publicKey ? " with a different public key" : ""} ` +
            `(${err.code}, RequestId ${err.requestId ?? "?"}). Choose another keyPairName, or adopt it with ` +
            `\`pulumi import alicloud-ecs:index:KeyPair <name> ${n.keyPairName}\`${n.publicKey ? "" : " (ECS cannot return the private key of an existing pair)"}.`,
          { cause: err },
        );
      }
    }
    const outs: Outs = dropUndefined({ ...n, region: ctx.region, fingerPrint, privateKey });
    return { id: n.keyPairName, outs };
  },

  async read(ctx, id, prior) {
    const found = await describeKeyPair(ctx.client, ctx.region, id);
    if (!found) return undefined;
    const tags = tagsFromResponse(found as unknown as Record<string, unknown>);
    // A public key we hold that no longer matches the cloud's key is dropped, so the
    // fingerprint decides the diff (and shows the out-of-band change).
    const publicKey = prior.publicKey && publicKeyFingerprint(prior.publicKey) === found.KeyPairFingerPrint ? prior.publicKey : undefined;
    const inputs: Ins = dropUndefined({ region: ctx.region, keyPairName: found.KeyPairName, publicKey, tags: Object.keys(tags).length ? tags : undefined, timeouts: prior.timeouts });
    const outs: Outs = dropUndefined({ ...inputs, region: ctx.region, fingerPrint: found.KeyPairFingerPrint, privateKey: prior.privateKey });
    return { outs, inputs };
  },

  async update(ctx, id, olds, n, changed) {
    if (changed.includes("tags")) await applyTags(ctx.client, ctx.region, "keypair", id, olds.tags, n.tags);
    return dropUndefined({ ...olds, tags: n.tags, timeouts: n.timeouts });
  },

  async delete(ctx, id) {
    try {
      await deleteWhileInUse(ctx, "DeleteKeyPairs", { RegionId: ctx.region, KeyPairNames: jsonArray([id]) }, ATTACHED, `key pair "${id}" to be detached`);
    } catch (err) {
      if (err instanceof StillInUseError) {
        const last = err.last;
        throw new Error(
          `key pair "${id}" is still attached to instances (${last.code}: ${last.ecsMessage} RequestId ${last.requestId ?? "?"}; ${err.attempts} attempt(s) until the delete deadline). ` +
            "Detach it (or delete the instances) and run the command again.",
          { cause: last },
        );
      }
      throw err; // DeleteKeyPairs ignores names that do not exist: nothing else means "done"
    }
  },
});
