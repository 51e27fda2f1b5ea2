/** SSH key pair actions: requests and answers (the rules are in models/keyPairs.ts). */
import { keyPairNameProblem, MAX_IDS_PER_CALL, PER_REGION } from "../../provider/spec/limits";
import { createKeyPair, deleteKeyPairs, importKeyPair } from "../models/keyPairs";
import { byCreation } from "../state";
import { isoSeconds, nameMatches, renderTags } from "./common";
import { pageInfo, paginate } from "./pagination";
import { matchesTags } from "./params";
import { action, P, pageParams, REGION_ID, TAG_PARAMS, type Action, type Param } from "./spec";
import type { ActionContext } from "./types";

/** limits KEY_PAIR_NAME for a pair ECS generates; an imported pair takes the wider NAME rule. */
const keyPairName = (imported: boolean): Param =>
  P.string({
    required: true,
    check: (v) => keyPairNameProblem(v, imported),
    invalid: { code: "InvalidKeyPairName.Malformed" },
    doc: imported ? "2-128 characters, a letter first; unique in the region" : "2-128 characters: an English letter, then letters, digits, '_', ':' or '-'; unique in the region",
  });

const newPair = (ctx: ActionContext) => ({ name: ctx.params.need("KeyPairName"), tags: ctx.params.tags("Tag"), resourceGroupId: ctx.params.str("ResourceGroupId") });

const QUOTA_NOTE = `At most ${PER_REGION.keyPairs} key pairs per region (QuotaExceed.KeyPair, 403); a taken name is InvalidKeyPairName.Malformed (400), as the reference says.`;

export const keyPairsActions: Record<string, Action> = {
  CreateKeyPair: action(
    {
      kind: "keypair",
      summary: "Creates an RSA 2048 key pair and returns its unencrypted PEM private key (never stored).",
      params: { ...REGION_ID, KeyPairName: keyPairName(false), ...TAG_PARAMS(), ResourceGroupId: P.string() },
      notes: [QUOTA_NOTE, "Takes no ClientToken (the reference gives it none): a retry is a new request, so no private key is ever remembered."],
    },
    async (ctx) => {
      const { record, privateKeyPem } = await createKeyPair(ctx, ctx.region(), newPair(ctx));
      return { KeyPairName: record.name, KeyPairFingerPrint: record.fingerprint, PrivateKeyBody: privateKeyPem };
    },
  ),

  ImportKeyPair: action(
    {
      kind: "keypair",
      summary: "Imports an OpenSSH public key (ssh-rsa, ssh-ed25519, ecdsa-sha2-nistp256/384/521), checked to be a real key of its type.",
      params: { ...REGION_ID, KeyPairName: keyPairName(true), PublicKeyBody: P.string({ required: true }), ...TAG_PARAMS(), ResourceGroupId: P.string() },
      notes: [QUOTA_NOTE],
    },
    (ctx) => {
      const record = importKeyPair(ctx, ctx.region(), newPair(ctx), ctx.params.need("PublicKeyBody"));
      return { KeyPairName: record.name, KeyPairFingerPrint: record.fingerprint };
    },
  ),

  DescribeKeyPairs: action(
    {
      kind: "keypair",
      summary: "Lists key pairs; the public key only with IncludePublicKey=true.",
      params: {
        ...REGION_ID,
        KeyPairName: P.string({ doc: "a name, or a pattern with *" }),
        KeyPairFingerPrint: P.string(),
        ResourceGroupId: P.string(),
        IncludePublicKey: P.boolean({ default: false }),
        ...TAG_PARAMS("Tag", "tag filter"),
        ...pageParams(50),
      },
    },
    (ctx) => {
      const p = ctx.params;
      const region = ctx.region();
      const namePattern = p.str("KeyPairName");
      const fingerprint = p.str("KeyPairFingerPrint");
      const resourceGroupId = p.str("ResourceGroupId");
      const includePublicKey = p.bool("IncludePublicKey");
      const tagFilter = p.tags("Tag");
      const matching = Object.values(region.keyPairs)
        .filter((k) => ctx.visible(k))
        .filter((k) => !namePattern || nameMatches(k.name, namePattern))
        .filter((k) => !fingerprint || k.fingerprint === fingerprint)
        .filter((k) => !resourceGroupId || k.resourceGroupId === resourceGroupId)
        .filter((k) => matchesTags(k.tags, tagFilter))
        .sort(byCreation);
      const page = paginate(matching, p);
      return {
        ...pageInfo(page),
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
    },
  ),

  DeleteKeyPairs: action(
    {
      kind: "keypair",
      summary: "Deletes key pairs by name; names that do not exist are ignored.",
      params: { ...REGION_ID, KeyPairNames: P.jsonList({ required: true, maxItems: MAX_IDS_PER_CALL, doc: 'a JSON array: ["a","b"]' }) },
      notes: ["Instances keep a deleted pair's name (the reference says so), so an attached pair can be deleted."],
    },
    (ctx) => {
      deleteKeyPairs(ctx.region(), ctx.params.jsonList("KeyPairNames") ?? []);
      return {};
    },
  ),
};
