/** The ECS side of a launch template: reading a template and one of its versions, creating a
 *  version (pruning the oldest non-default ones before the limit), and choosing the default. */
import { isEcsError, type EcsClient } from "../../client";
import type { OpContext } from "../common";
import { templateDataFromApi, templateDataParams, type TemplateData } from "./templateData";

/** "Each template can have up to 30 versions" (CreateLaunchTemplate, reference §7.2). */
export const MAX_VERSIONS = 30;

export interface TemplateSummary {
  launchTemplateId: string;
  launchTemplateName: string;
  defaultVersionNumber: number;
  latestVersionNumber: number;
}

export interface VersionView {
  versionNumber: number;
  versionDescription?: string;
  isDefault: boolean;
  data: TemplateData;
}

interface TemplateSet {
  LaunchTemplateId: string;
  LaunchTemplateName: string;
  DefaultVersionNumber: number | string;
  LatestVersionNumber: number | string;
}
interface VersionSet {
  VersionNumber: number | string;
  VersionDescription?: string;
  DefaultVersion?: boolean | string;
  LaunchTemplateData?: unknown;
}

const summary = (t: TemplateSet): TemplateSummary => ({
  launchTemplateId: t.LaunchTemplateId,
  launchTemplateName: t.LaunchTemplateName,
  defaultVersionNumber: Number(t.DefaultVersionNumber),
  latestVersionNumber: Number(t.LatestVersionNumber),
});

export async function describeTemplate(client: EcsClient, region: string, by: { id: string } | { name: string }): Promise<TemplateSummary | undefined> {
  const filter = "id" in by ? { LaunchTemplateId: [by.id] } : { LaunchTemplateName: [by.name] };
  const res = await client.call<{ LaunchTemplateSets?: { LaunchTemplateSet?: TemplateSet[] } }>("DescribeLaunchTemplates", { RegionId: region, ...filter, PageSize: 50 });
  const found = res.LaunchTemplateSets?.LaunchTemplateSet?.find((t) => ("id" in by ? t.LaunchTemplateId === by.id : t.LaunchTemplateName === by.name));
  return found && summary(found);
}

const versionView = (v: VersionSet): VersionView => ({
  versionNumber: Number(v.VersionNumber),
  versionDescription: v.VersionDescription || undefined,
  isDefault: v.DefaultVersion === true || v.DefaultVersion === "true",
  data: templateDataFromApi(v.LaunchTemplateData),
});

/** One version with its data, or undefined when it does not exist (any more). */
export async function describeVersion(client: EcsClient, region: string, id: string, version: number): Promise<VersionView | undefined> {
  try {
    const res = await client.call<{ LaunchTemplateVersionSets?: { LaunchTemplateVersionSet?: VersionSet[] } }>("DescribeLaunchTemplateVersions", {
      RegionId: region,
      LaunchTemplateId: id,
      LaunchTemplateVersion: [version],
    });
    const found = res.LaunchTemplateVersionSets?.LaunchTemplateVersionSet?.find((v) => Number(v.VersionNumber) === version);
    return found && versionView(found);
  } catch (err) {
    if (isEcsError(err, "InvalidLaunchTemplate.NotFound")) return undefined;
    throw err;
  }
}

/** Every version number of the template (at most 30, so one page of 50), oldest first. */
async function versionNumbers(ctx: OpContext, id: string): Promise<number[]> {
  const res = await ctx.client.call<{ LaunchTemplateVersionSets?: { LaunchTemplateVersionSet?: VersionSet[] } }>("DescribeLaunchTemplateVersions", {
    RegionId: ctx.region,
    LaunchTemplateId: id,
    DetailFlag: false,
    PageSize: 50,
  });
  return (res.LaunchTemplateVersionSets?.LaunchTemplateVersionSet ?? []).map((v) => Number(v.VersionNumber)).sort((a, b) => a - b);
}

/** Makes room for one more version: deletes the oldest versions that are neither the default nor
 *  `keep` (the one this program's state points at) until fewer than MAX_VERSIONS remain. */
export async function pruneVersions(ctx: OpContext, id: string, defaultVersion: number, keep: number | undefined): Promise<number[]> {
  const all = await versionNumbers(ctx, id);
  const excess = all.length - (MAX_VERSIONS - 1);
  if (excess <= 0) return [];
  const doomed = all.filter((v) => v !== defaultVersion && v !== keep).slice(0, excess);
  if (doomed.length) await ctx.client.call("DeleteLaunchTemplateVersion", { RegionId: ctx.region, LaunchTemplateId: id, DeleteVersion: doomed }, { idempotent: true });
  return doomed;
}

/** CreateLaunchTemplateVersion; when the template is full (also because of versions created
 *  outside Pulumi), prunes and tries once more. Returns the new version number. */
export async function createVersion(ctx: OpContext, id: string, data: TemplateData, versionDescription: string | undefined, prune: () => Promise<unknown>): Promise<number> {
  const send = async (): Promise<number> => {
    const res = await ctx.client.call<{ LaunchTemplateVersionNumber: number | string }>("CreateLaunchTemplateVersion", {
      RegionId: ctx.region,
      LaunchTemplateId: id,
      VersionDescription: versionDescription,
      ...templateDataParams(data),
    });
    return Number(res.LaunchTemplateVersionNumber);
  };
  try {
    return await send();
  } catch (err) {
    if (!isEcsError(err, "LaunchTemplateVersionLimitExceed")) throw err;
    await prune();
    return send();
  }
}
