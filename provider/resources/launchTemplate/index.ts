/** The LaunchTemplate provider: CreateLaunchTemplate (version 1), then every change of the
 *  instance configuration or the version description is a new version
 *  (CreateLaunchTemplateVersion, pruning the oldest non-default versions before the limit of 30)
 *  that becomes the default with setDefault (ModifyLaunchTemplateDefaultVersion). Read reports the
 *  default version's configuration when setDefault is true (an out-of-band default is drift),
 *  else the version this program created. DeleteLaunchTemplate; not found is success.
 *  CreateLaunchTemplate takes no ClientToken: the unique name and the client's rule of never
 *  retrying a non-idempotent call keep it from creating two templates. */
import type { LaunchTemplateInputs, LaunchTemplateOutputs } from "../../../sdk/types/launchTemplate";
import { isEcsError } from "../../client";
import { defineResource, isNotFound, type HiddenInputs, type OpContext, type TimeoutDefaults } from "../common";
import { createVersion, describeTemplate, describeVersion, pruneVersions, MAX_VERSIONS, type TemplateSummary } from "./ecs";
import { canonicalTemplateData, sameTemplateData, TEMPLATE_DATA_KEYS, templateDataParams, type TemplateData } from "./templateData";
import { validateLaunchTemplate } from "./validate";

export const LAUNCH_TEMPLATE_KIND = "LaunchTemplate";
/** No waits of its own: these bound the API calls only. */
export const LAUNCH_TEMPLATE_TIMEOUTS: TimeoutDefaults = { create: "2m", update: "2m", delete: "2m" };

type Ins = LaunchTemplateInputs & HiddenInputs;
type Outs = LaunchTemplateOutputs & HiddenInputs;

const templateData = (bag: Partial<Ins>): TemplateData => Object.fromEntries(TEMPLATE_DATA_KEYS.map((k) => [k, (bag as Record<string, unknown>)[k]])) as TemplateData;

/** State and import inputs: the template, the version holding the configuration, its data. */
async function readTemplate(ctx: OpContext, t: TemplateSummary, setDefault: boolean, versionNumber: number | undefined) {
  const version = setDefault || versionNumber === undefined ? t.defaultVersionNumber : versionNumber;
  const v = await describeVersion(ctx.client, ctx.region, t.launchTemplateId, version);
  const inputs: Ins = {
    region: ctx.region,
    launchTemplateName: t.launchTemplateName,
    setDefault,
    ...(v?.versionDescription ? { versionDescription: v.versionDescription } : {}),
    ...canonicalTemplateData(v?.data ?? {}),
  };
  const outs: Outs = {
    ...inputs,
    region: ctx.region,
    setDefault,
    launchTemplateId: t.launchTemplateId,
    versionNumber: version,
    latestVersionNumber: t.latestVersionNumber,
    defaultVersionNumber: t.defaultVersionNumber,
  };
  return { outs, inputs };
}

async function readById(ctx: OpContext, id: string, setDefault: boolean, versionNumber: number | undefined) {
  const t = await describeTemplate(ctx.client, ctx.region, { id });
  return t && readTemplate(ctx, t, setDefault, versionNumber);
}

export const launchTemplateProvider = defineResource<Ins, Outs>({
  kind: LAUNCH_TEMPLATE_KIND,
  timeouts: LAUNCH_TEMPLATE_TIMEOUTS,

  validate: (c, news) => validateLaunchTemplate(c, news),

  async create(ctx, n) {
    const data = templateData(n);
    let id: string;
    try {
      const res = await ctx.client.call<{ LaunchTemplateId: string }>("CreateLaunchTemplate", {
        RegionId: ctx.region,
        LaunchTemplateName: n.launchTemplateName,
        VersionDescription: n.versionDescription,
        ...templateDataParams(data),
      });
      id = res.LaunchTemplateId;
    } catch (err) {
      if (!isEcsError(err, "LaunchTemplateName.Duplicated")) throw err;
      // A re-run after a crash finds the template it created: one version, holding this data. Adopt it.
      const existing = await describeTemplate(ctx.client, ctx.region, { name: n.launchTemplateName });
      const v1 = existing && existing.latestVersionNumber === 1 ? await describeVersion(ctx.client, ctx.region, existing.launchTemplateId, 1) : undefined;
      if (!existing || !v1 || !sameTemplateData(v1.data, data)) {
        throw new Error(
          `a launch template named "${n.launchTemplateName}" already exists in ${ctx.region} (${err.code}, RequestId ${err.requestId ?? "?"}). ` +
            `Choose another launchTemplateName, or adopt it with \`pulumi import alicloud-ecs:index:LaunchTemplate <name> ${existing?.launchTemplateId ?? "<lt-id>"}\`.`,
          { cause: err },
        );
      }
      id = existing.launchTemplateId;
    }
    const read = await readById(ctx, id, n.setDefault !== false, 1);
    if (!read) throw new Error(`launch template ${id} vanished right after it was created`);
    return { id, outs: read.outs };
  },

  async read(ctx, id, prior) {
    return readById(ctx, id, prior.setDefault !== false, prior.versionNumber);
  },

  async update(ctx, id, olds, n, changed) {
    const dataChanged = changed.some((k) => k === "versionDescription" || TEMPLATE_DATA_KEYS.includes(k));
    let versionNumber = olds.versionNumber;
    if (dataChanged) {
      const prune = () => pruneVersions(ctx, id, olds.defaultVersionNumber, olds.versionNumber);
      // Proactively when the template may be full; createVersion also prunes if ECS says it is.
      if (olds.latestVersionNumber >= MAX_VERSIONS) await prune();
      versionNumber = await createVersion(ctx, id, templateData(n), n.versionDescription, prune);
    }
    const setDefault = n.setDefault !== false;
    if (setDefault && (dataChanged || changed.includes("setDefault") || olds.defaultVersionNumber !== versionNumber)) {
      await ctx.client.call("ModifyLaunchTemplateDefaultVersion", { RegionId: ctx.region, LaunchTemplateId: id, DefaultVersionNumber: versionNumber }, { idempotent: true });
    }
    const read = await readById(ctx, id, setDefault, versionNumber);
    if (!read) throw new Error(`launch template ${id} no longer exists`);
    return read.outs;
  },

  async delete(ctx, id) {
    try {
      await ctx.client.call("DeleteLaunchTemplate", { RegionId: ctx.region, LaunchTemplateId: id }, { idempotent: true });
    } catch (err) {
      if (isNotFound(err)) return;
      throw err;
    }
  },
});
