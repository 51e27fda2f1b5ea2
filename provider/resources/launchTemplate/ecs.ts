/** The ECS side of a launch template: the record the spec reads (the template and one of its
 *  versions), creating a version (pruning the oldest non-default ones before the limit), and the
 *  parameters of a version from the inputs (the spec's wire names). */
import { isEcsError, type EcsClient, type Params } from "../../client";
import { MAX_TEMPLATE_VERSIONS } from "../../spec/limits";
import { createParams } from "../../spec/wire";
import { describeBatched } from "../../wait";
import type { OpContext } from "../common";
import { launchTemplateSpec } from "./spec";

type Raw = Record<string, unknown>;
const asObject = (v: unknown): Raw => (v && typeof v === "object" && !Array.isArray(v) ? (v as Raw) : {});

export interface TemplateSummary {
  launchTemplateId: string;
  launchTemplateName: string;
  defaultVersionNumber: number;
  latestVersionNumber: number;
  /** The DescribeLaunchTemplates item (its Tags are the template's own). */
  record: Raw;
}

export interface TemplateSet {
  LaunchTemplateId: string;
  LaunchTemplateName: string;
  DefaultVersionNumber: number | string;
  LatestVersionNumber: number | string;
}

/** What the poll describe reports for a template DescribeLaunchTemplates lists (it has no status). */
export const LISTED = "Available";

export const summary = (t: TemplateSet): TemplateSummary => ({
  launchTemplateId: t.LaunchTemplateId,
  launchTemplateName: t.LaunchTemplateName,
  defaultVersionNumber: Number(t.DefaultVersionNumber),
  latestVersionNumber: Number(t.LatestVersionNumber),
  record: t as unknown as Raw,
});

/** DescribeLaunchTemplates for a batch of ids (LaunchTemplateId.N, 50 per page): the kind's poll
 *  describe, which reads by id use (describeBatched). The versions' data takes one
 *  DescribeLaunchTemplateVersions per template (it filters by one template): the floor. */
export async function describeTemplates(client: EcsClient, region: string, ids: readonly string[]): Promise<Map<string, { status: string; data: Raw }>> {
  const res = await client.call<{ LaunchTemplateSets?: { LaunchTemplateSet?: (Raw & TemplateSet)[] } }>("DescribeLaunchTemplates", { RegionId: region, LaunchTemplateId: [...ids], PageSize: 50 });
  return new Map((res.LaunchTemplateSets?.LaunchTemplateSet ?? []).map((t) => [t.LaunchTemplateId, { status: LISTED, data: t }]));
}

export async function describeTemplate(client: EcsClient, region: string, by: { id: string } | { name: string }): Promise<TemplateSummary | undefined> {
  if ("id" in by) return describeBatched<TemplateSet>(launchTemplateSpec.kind, region, by.id).then((t) => t && summary(t));
  const res = await client.call<{ LaunchTemplateSets?: { LaunchTemplateSet?: TemplateSet[] } }>("DescribeLaunchTemplates", { RegionId: region, LaunchTemplateName: [by.name], PageSize: 50 });
  const found = res.LaunchTemplateSets?.LaunchTemplateSet?.find((t) => t.LaunchTemplateName === by.name);
  return found && summary(found);
}

/** One version (its VersionSet item), or undefined when it does not exist (any more). */
async function describeVersion(client: EcsClient, region: string, id: string, version: number): Promise<Raw | undefined> {
  try {
    const res = await client.call<{ LaunchTemplateVersionSets?: { LaunchTemplateVersionSet?: Raw[] } }>("DescribeLaunchTemplateVersions", {
      RegionId: region,
      LaunchTemplateId: id,
      LaunchTemplateVersion: [version],
    });
    return res.LaunchTemplateVersionSets?.LaunchTemplateVersionSet?.find((v) => Number(v.VersionNumber) === version);
  } catch (err) {
    if (isEcsError(err, "InvalidLaunchTemplate.NotFound")) return undefined;
    throw err;
  }
}

/** The record the spec reads: the version's LaunchTemplateData, with the template's name, id and
 *  version numbers and the version's description. */
export async function templateRecord(client: EcsClient, region: string, t: TemplateSummary, version: number): Promise<Raw> {
  const v = await describeVersion(client, region, t.launchTemplateId, version);
  return {
    ...asObject(v?.LaunchTemplateData),
    LaunchTemplateId: t.launchTemplateId,
    LaunchTemplateName: t.launchTemplateName,
    VersionNumber: version,
    LatestVersionNumber: t.latestVersionNumber,
    DefaultVersionNumber: t.defaultVersionNumber,
    VersionDescription: v?.VersionDescription,
  };
}

/** The parameters of a version: every input the spec sends at create but the template's name. */
export function versionParams(inputs: Raw): Params {
  const { LaunchTemplateName: _name, ...params } = createParams(launchTemplateSpec.inputs, inputs);
  return params as Params;
}

/** Every version number of the template (at most 30, so one page of 50), oldest first. */
async function versionNumbers(ctx: OpContext, id: string): Promise<number[]> {
  const res = await ctx.client.call<{ LaunchTemplateVersionSets?: { LaunchTemplateVersionSet?: Raw[] } }>("DescribeLaunchTemplateVersions", {
    RegionId: ctx.region,
    LaunchTemplateId: id,
    DetailFlag: false,
    PageSize: 50,
  });
  return (res.LaunchTemplateVersionSets?.LaunchTemplateVersionSet ?? []).map((v) => Number(v.VersionNumber)).sort((a, b) => a - b);
}

/** Makes room for one more version: deletes the oldest versions that are neither the default nor
 *  `keep` (the one this program's state points at) until fewer than the limit remain. */
export async function pruneVersions(ctx: OpContext, id: string, defaultVersion: number, keep: number | undefined): Promise<number[]> {
  const all = await versionNumbers(ctx, id);
  const excess = all.length - (MAX_TEMPLATE_VERSIONS - 1);
  if (excess <= 0) return [];
  const doomed = all.filter((v) => v !== defaultVersion && v !== keep).slice(0, excess);
  if (doomed.length) await ctx.client.call("DeleteLaunchTemplateVersion", { RegionId: ctx.region, LaunchTemplateId: id, DeleteVersion: doomed });
  return doomed;
}

/** CreateLaunchTemplateVersion; when the template is full (also because of versions created
 *  outside Pulumi), prunes and tries once more. Returns the new version number. */
export async function createVersion(ctx: OpContext, id: string, params: Params, prune: () => Promise<unknown>): Promise<number> {
  const send = async (): Promise<number> => {
    const res = await ctx.client.call<{ LaunchTemplateVersionNumber: number | string }>("CreateLaunchTemplateVersion", { RegionId: ctx.region, LaunchTemplateId: id, ...params });
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
