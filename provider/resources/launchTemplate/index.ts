/** The LaunchTemplate provider: CreateLaunchTemplate (version 1), then every change of the
 *  instance configuration or the version description is a new version
 *  (CreateLaunchTemplateVersion, pruning the oldest non-default versions before the limit of 30)
 *  that becomes the default with setDefault (ModifyLaunchTemplateDefaultVersion). Read reports the
 *  default version's configuration when setDefault is true (an out-of-band default is drift),
 *  else the version this program created. DeleteLaunchTemplate; not found is success.
 *  CreateLaunchTemplate takes no ClientToken: the unique name and the client's rule of never
 *  retrying a non-idempotent call keep it from creating two templates. Every property fact is
 *  in ./spec.ts. */
import { isEcsError } from "../../client";
import { nameAfterReplacement, REPLACE_KEEPING_NAME } from "../../spec/autoName";
import { same } from "../../spec/equivalence";
import { MAX_TEMPLATE_VERSIONS } from "../../spec/limits";
import { createParams, readable, readInputs } from "../../spec/wire";
import type { LaunchTemplateInputs, LaunchTemplateOutputs } from "../../types/launchTemplate";
import { waitForResource } from "../../wait";
import { CREATING, createdByInterruptedRun, defineResource, isNotFound, initErrorFor, markCreated, tagsToParams, withCreatingOwnerTag, type HiddenInputs, type OpContext } from "../common";
import { createVersion, describeTemplate, describeTemplates, LISTED, pruneVersions, summary, templateRecord, versionParams, type TemplateSet, type TemplateSummary } from "./ecs";
import { launchTemplateSpec } from "./spec";

export const LAUNCH_TEMPLATE_KIND = launchTemplateSpec.kind;

/** check fills in the name (auto-naming). */
type Ins = LaunchTemplateInputs & HiddenInputs & { launchTemplateName: string };
type Outs = LaunchTemplateOutputs & HiddenInputs;
type Raw = Record<string, unknown>;

/** The version read: the default one with setDefault, else the one this program's state holds. */
const versionOf = (t: TemplateSummary, setDefault: boolean, versionNumber: number | undefined): number =>
  setDefault || versionNumber === undefined ? t.defaultVersionNumber : versionNumber;

/** Whether a version's record holds exactly the configuration of these inputs (the name and the
 *  region are how the template was found). */
function holds(record: Raw, n: Ins): boolean {
  const cloud = readInputs(launchTemplateSpec.inputs, record);
  return Object.entries(launchTemplateSpec.inputs).every(([k, p]) => !readable(p) || k === "launchTemplateName" || k === "region" || same(p, (n as unknown as Raw)[k], cloud[k]));
}

export const launchTemplateProvider = defineResource<typeof launchTemplateSpec, Ins, Outs>(launchTemplateSpec, {
  // Reads by id in batches (describeTemplate); nothing waits on a template's status.
  poll: { batchSize: 50, describe: describeTemplates },

  // The name is unique per region: a replacement that keeps it must delete the old template first
  // (an auto-named one gets a new name, so it is created first).
  deleteBeforeReplace: (olds, news) => olds.launchTemplateName === nameAfterReplacement(LAUNCH_TEMPLATE_KIND, launchTemplateSpec.inputs, news as unknown as Raw, "launchTemplateName"),

  updaters: {
    async version(ctx, { id, olds, news, changed }) {
      const dataChanged = changed.some((k) => k !== "setDefault");
      let versionNumber = olds.versionNumber;
      if (dataChanged) {
        const prune = () => pruneVersions(ctx, id, olds.defaultVersionNumber, olds.versionNumber);
        // Proactively when the template may be full; createVersion also prunes if ECS says it is.
        if (olds.latestVersionNumber >= MAX_TEMPLATE_VERSIONS) await prune();
        versionNumber = await createVersion(ctx, id, versionParams(news as unknown as Raw), prune);
      }
      if (news.setDefault !== false && (dataChanged || changed.includes("setDefault") || olds.defaultVersionNumber !== versionNumber)) {
        await ctx.client.call("ModifyLaunchTemplateDefaultVersion", { RegionId: ctx.region, LaunchTemplateId: id, DefaultVersionNumber: versionNumber });
      }
      // The read back reads this version (or, with setDefault, the default) of the new setting.
      return { versionNumber, setDefault: news.setDefault };
    },
  },

  async create(ctx, n) {
    let id: string;
    try {
      // The template itself carries the ownership tag (TemplateTag; Tag is the instances' tags).
      const params = { RegionId: ctx.region, ...createParams(launchTemplateSpec.inputs, n as unknown as Raw), TemplateTag: tagsToParams(withCreatingOwnerTag(LAUNCH_TEMPLATE_KIND, {}, n)) };
      id = (await ctx.client.call<{ LaunchTemplateId: string }>("CreateLaunchTemplate", params)).LaunchTemplateId;
    } catch (err) {
      if (!isEcsError(err, "LaunchTemplateName.Duplicated")) throw err;
      // A re-run after an interrupted create finds the template that create left (its ownership
      // tag still marked "creating"): one version, holding this data. Adopt it.
      const existing = await describeTemplate(ctx.client, ctx.region, { name: n.launchTemplateName });
      const mine = existing && createdByInterruptedRun(LAUNCH_TEMPLATE_KIND, n, existing.record) && existing.latestVersionNumber === 1 && holds(await templateRecord(ctx.client, ctx.region, existing, 1), n);
      if (!existing || !mine) {
        throw new Error(
          `a launch template named "${n.launchTemplateName}" already exists in ${ctx.region} (${err.code}, RequestId ${err.requestId ?? "?"}). ` +
            `Choose another launchTemplateName, or adopt ${existing?.launchTemplateId ?? "it"} with the \`import\` resource option. ${REPLACE_KEEPING_NAME}`,
          { cause: err },
        );
      }
      id = existing.launchTemplateId;
    }
    // The template exists from here on: a failure hands its id to the engine (the next up updates it).
    try {
      // Like the other creates, it waits however long DescribeLaunchTemplates takes to list the
      // new template (never taken for gone while creating; the create deadline bounds the wait).
      const listed = await waitForResource({ kind: LAUNCH_TEMPLATE_KIND, region: ctx.region, id, target: [LISTED], deadline: ctx.deadline, label: ctx.label, graceMs: CREATING });
      await markCreated(ctx, launchTemplateSpec, id, n);
      const t = listed.data ? summary(listed.data as unknown as TemplateSet) : await describeTemplate(ctx.client, ctx.region, { id });
      if (!t) throw new Error(`launch template ${id} is not listed by DescribeLaunchTemplates right after it was created`);
      return { id, record: await templateRecord(ctx.client, ctx.region, t, versionOf(t, n.setDefault !== false, 1)) };
    } catch (err) {
      throw initErrorFor(id, err);
    }
  },

  async describe(ctx: OpContext, id, prior) {
    const t = await describeTemplate(ctx.client, ctx.region, { id });
    return t && templateRecord(ctx.client, ctx.region, t, versionOf(t, prior.setDefault !== false, prior.versionNumber));
  },

  async delete(ctx, id) {
    try {
      await ctx.client.call("DeleteLaunchTemplate", { RegionId: ctx.region, LaunchTemplateId: id });
    } catch (err) {
      if (isNotFound(err)) return;
      throw err;
    }
  },
});
