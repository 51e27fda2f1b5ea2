/** The KeyPair provider: ImportKeyPair when publicKey is given, else CreateKeyPair (whose private
 *  key becomes the secret output privateKey; the sdk class marks it with additionalSecretOutputs).
 *  The name is the ID. Every property fact is in ./spec.ts; here only what is the key pair's own:
 *  recovering the key pair an interrupted run of its create left, comparing a public key with the fingerprint in
 *  state, and a delete that waits while ECS says it is attached. The private key never appears
 *  in a message: no error here quotes a response. */
import { isEcsError, jsonArray, type EcsClient, type EcsError } from "../../client";
import type { PropertyDiff } from "../../spec/compare";
import { createParams } from "../../spec/wire";
import { nameAfterReplacement, REPLACE_KEEPING_NAME } from "../../spec/autoName";
import { containsUnknown } from "../../spec/unknown";
import type { KeyPairInputs, KeyPairOutputs } from "../../types/keyPair";
import { createdByInterruptedRun, defineResource, deleteWhileInUse, markCreated, StillInUseError, withCreatingOwnerTag, type HiddenInputs, type OpContext } from "../common";
import { describeBatched } from "../../wait";
import { describeKeyPairs } from "./batch";
import { publicKeyFingerprint, samePublicKey } from "./publicKey";
import { keyPairSpec } from "./spec";

export const KEY_PAIR_KIND = keyPairSpec.kind;

/** check fills in the name (auto-naming). */
type Ins = KeyPairInputs & HiddenInputs & { keyPairName: string };
type Outs = KeyPairOutputs & HiddenInputs;
type Raw = Record<string, unknown>;
/** What a create learnt: the fingerprint, and for a generated pair its private key. */
interface Created {
  fingerPrint: string;
  privateKey?: string;
}

async function describeKeyPair(_client: EcsClient, region: string, name: string): Promise<Raw | undefined> {
  return describeBatched(KEY_PAIR_KIND, region, name);
}

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

/** The name is taken. A key pair an interrupted run of this create left (its ownership tag still
 *  marked "creating") is this resource: an imported one with the same public key is adopted; a
 *  generated one is created again, since ECS returns a private key only once. Anything else is
 *  someone else's key pair. */
async function recoverInterruptedCreate(ctx: OpContext, n: Ins, taken: EcsError, send: () => Promise<Created>): Promise<Created> {
  const existing = await describeKeyPair(ctx.client, ctx.region, n.keyPairName);
  if (existing && createdByInterruptedRun(KEY_PAIR_KIND, n, existing)) {
    if (n.publicKey && existing.KeyPairFingerPrint === publicKeyFingerprint(n.publicKey)) return { fingerPrint: String(existing.KeyPairFingerPrint) };
    await ctx.client.call("DeleteKeyPairs", { RegionId: ctx.region, KeyPairNames: jsonArray([n.keyPairName]) });
    return send();
  }
  throw new Error(
    `a key pair named "${n.keyPairName}" already exists in ${ctx.region} (${taken.code}, RequestId ${taken.requestId ?? "?"}). ` +
      `Choose another keyPairName, or adopt it with the \`import\` resource option (\`{ import: "${n.keyPairName}" }\`)` +
      `${n.publicKey ? "" : " (ECS cannot return the private key of an existing pair)"}. ${REPLACE_KEEPING_NAME}`,
    { cause: taken },
  );
}

export const keyPairProvider = defineResource<typeof keyPairSpec, Ins, Outs>(keyPairSpec, {
  // Reads in batches: one listing of the names' common prefix (./batch.ts).
  poll: { batchSize: 100, describe: describeKeyPairs },

  // The name is unique per region: a replacement that keeps it must delete the old pair first
  // (an auto-named one gets a new name, so it is created first).
  deleteBeforeReplace: (olds, news) => olds.keyPairName === nameAfterReplacement(KEY_PAIR_KIND, keyPairSpec.inputs, news as unknown as Raw, "keyPairName"),

  updaters: {},
  // ECS reports the fingerprint, not the key: refineDiff compares them.
  verifiedLocally: ["publicKey"],

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
    const params = { RegionId: ctx.region, ...createParams(keyPairSpec.inputs, { ...n, tags: withCreatingOwnerTag(KEY_PAIR_KIND, n.tags, n) } as unknown as Raw) };
    const send = async (): Promise<Created> => {
      if (n.publicKey) return { fingerPrint: (await ctx.client.call<{ KeyPairFingerPrint: string }>("ImportKeyPair", params)).KeyPairFingerPrint };
      // Only CreateKeyPair's answer holds a private key (and only this once).
      const made = await ctx.client.call<{ KeyPairFingerPrint: string; PrivateKeyBody: string }>("CreateKeyPair", params);
      return { fingerPrint: made.KeyPairFingerPrint, privateKey: made.PrivateKeyBody };
    };
    let answer: Created;
    try {
      answer = await send();
    } catch (err) {
      if (!isEcsError(err, "InvalidKeyPairName.Malformed", "KeyPair.AlreadyExist") || !/exist/i.test(err.ecsMessage)) throw err;
      answer = await recoverInterruptedCreate(ctx, n, err, send);
    }
    await markCreated(ctx, keyPairSpec, n.keyPairName, n);
    // The answer says what DescribeKeyPairs would (a new pair may not be listed yet).
    const record = { KeyPairName: n.keyPairName, KeyPairFingerPrint: answer.fingerPrint, Tags: n.tags };
    return { id: n.keyPairName, record, extra: answer.privateKey ? { privateKey: answer.privateKey } : undefined };
  },

  describe: (ctx, id) => describeKeyPair(ctx.client, ctx.region, id),

  /** The private key is known only from the create; a public key we hold that no longer matches
   *  the cloud's fingerprint is dropped, so the fingerprint decides the diff (and shows the
   *  out-of-band change). */
  adjustView(view, prior) {
    const outs: Raw = { ...view.outs };
    const inputs: Raw = { ...view.inputs };
    if (prior.privateKey !== undefined) outs.privateKey = prior.privateKey;
    if (typeof outs.publicKey === "string" && publicKeyFingerprint(outs.publicKey) !== outs.fingerPrint) {
      delete outs.publicKey;
      delete inputs.publicKey;
    }
    return { outs, inputs };
  },

  async delete(ctx, id) {
    try {
      await deleteWhileInUse(ctx, "DeleteKeyPairs", { RegionId: ctx.region, KeyPairNames: jsonArray([id]) }, `key pair "${id}" to be detached`);
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
