/** Launch template actions: templates with numbered versions (never reused), a default version that
 *  cannot be deleted on its own, and the reference's limits (30 templates per region, 30 versions each). */
import { ApiError, missingParameter } from "../errors";
import { paginate } from "../pagination";
import { matchesTags, type ParamReader } from "../params";
import { byCreation, newId, type LaunchTemplateRecord, type LaunchTemplateVersionRecord, type RegionState } from "../state";
import { readTemplateData, renderTemplateData } from "./launchTemplateData";
import { isoSeconds, readDescriptionAs } from "./resourceFields";
import { renderTags } from "./common";
import type { ActionContext, ActionTable } from "./types";

export const MAX_TEMPLATES_PER_REGION = 30;
export const MAX_VERSIONS_PER_TEMPLATE = 30;

/** 2–128 characters, an English letter first, then letters, digits, periods, colons, underscores, hyphens. */
const TEMPLATE_NAME = /^(?!https?:\/\/)[A-Za-z][A-Za-z0-9.:_\-]{1,127}$/;

function readTemplateName(p: ParamReader): string {
  const name = p.need("LaunchTemplateName");
  if (!TEMPLATE_NAME.test(name))
    throw new ApiError("InvalidLaunchTemplateName.Malformed", `The specified parameter LaunchTemplateName "${name}" is not valid: it must be 2 to 128 characters long, start with a letter, and contain only letters, digits, periods (.), colons (:), underscores (_) and hyphens (-).`, 400);
  return name;
}

/** The template named by LaunchTemplateId or LaunchTemplateName (one of them is required). */
function findTemplate(ctx: ActionContext, region: RegionState, forRead = false): LaunchTemplateRecord {
  const id = ctx.params.str("LaunchTemplateId");
  const name = ctx.params.str("LaunchTemplateName");
  if (!id && !name) throw new ApiError("MissingParameter", `The input parameter "LaunchTemplateId" or "LaunchTemplateName" that is mandatory for processing this request is not supplied.`, 400);
  const template = id ? region.launchTemplates[id] : Object.values(region.launchTemplates).find((t) => t.name === name);
  if (!template || (id && name && template.name !== name) || (forRead && !ctx.visible(template)))
    throw new ApiError("InvalidLaunchTemplate.NotFound", `The specified LaunchTemplateId "${id ?? ""}" LaunchTemplateName "${name ?? ""}" is not found.`, 400);
  return template;
}

function newVersion(ctx: ActionContext, template: LaunchTemplateRecord, data: Record<string, string>, description: string): LaunchTemplateVersionRecord {
  const versionNumber = Math.max(template.highestVersionNumber ?? 0, template.latestVersionNumber) + 1;
  const now = ctx.now();
  const version = { versionNumber, description, createdAt: now, modifiedAt: now, createdBy: ctx.accessKeyId, data };
  template.versions.push(version);
  template.highestVersionNumber = versionNumber;
  template.latestVersionNumber = versionNumber;
  return version;
}

function createLaunchTemplate(ctx: ActionContext): Record<string, unknown> {
  const p = ctx.params;
  const region = ctx.region();
  const name = readTemplateName(p);
  const description = readDescriptionAs(p, "VersionDescription", "InvalidDescription.Malformed") ?? "";
  const templateTags = p.tags("TemplateTag");
  const data = readTemplateData(p);
  if (Object.values(region.launchTemplates).some((t) => t.name === name))
    throw new ApiError("LaunchTemplateName.Duplicated", `The specified LaunchTemplateName "${name}" already exist.`, 403);
  if (Object.keys(region.launchTemplates).length >= MAX_TEMPLATES_PER_REGION)
    throw new ApiError("LaunchTemplateLimitExceed", `The maximum number of templates is exceeded: at most ${MAX_TEMPLATES_PER_REGION} per region.`, 403);

  const template = ctx.created<LaunchTemplateRecord>({
    kind: "launchtemplate",
    id: newId("lt"),
    regionId: region.regionId,
    createdAt: ctx.now(),
    tags: templateTags,
    resourceGroupId: p.str("TemplateResourceGroupId"),
    name,
    defaultVersionNumber: 1,
    latestVersionNumber: 0,
    versions: [],
  });
  newVersion(ctx, template, data, description);
  region.launchTemplates[template.id] = template;
  return { LaunchTemplateId: template.id, LaunchTemplateVersionNumber: 1 };
}

function createLaunchTemplateVersion(ctx: ActionContext): Record<string, unknown> {
  const p = ctx.params;
  const region = ctx.region();
  const template = findTemplate(ctx, region);
  const description = readDescriptionAs(p, "VersionDescription", "InvalidDescription.Malformed") ?? "";
  const data = readTemplateData(p);
  if (template.versions.length >= MAX_VERSIONS_PER_TEMPLATE)
    throw new ApiError("LaunchTemplateVersionLimitExceed", `The maximum number of template's versions is exceeded: ${template.id} already has ${MAX_VERSIONS_PER_TEMPLATE} versions; delete one first.`, 403);
  const version = newVersion(ctx, template, data, description);
  return { LaunchTemplateId: template.id, LaunchTemplateVersionNumber: version.versionNumber };
}

function describeLaunchTemplates(ctx: ActionContext): Record<string, unknown> {
  const p = ctx.params;
  const region = ctx.region();
  // The SDK sends these as RepeatLists (LaunchTemplateId.1); older callers send one bare value.
  const ids = [...p.list("LaunchTemplateId", { max: 100 }), ...(p.str("LaunchTemplateId") ? [p.raw.LaunchTemplateId!] : [])];
  const names = [...p.list("LaunchTemplateName", { max: 100 }), ...(p.str("LaunchTemplateName") ? [p.raw.LaunchTemplateName!] : [])];
  const resourceGroupId = p.str("TemplateResourceGroupId");
  const tagFilter = p.tags("TemplateTag");
  const matching = Object.values(region.launchTemplates)
    .filter((t) => ctx.visible(t))
    .filter((t) => ids.length === 0 || ids.includes(t.id))
    .filter((t) => names.length === 0 || names.includes(t.name))
    .filter((t) => !resourceGroupId || t.resourceGroupId === resourceGroupId)
    .filter((t) => matchesTags(t.tags, tagFilter))
    .sort(byCreation);
  const page = paginate(matching, p, { defaultSize: 10, maxSize: 50 });
  return {
    TotalCount: page.TotalCount,
    PageNumber: page.PageNumber,
    PageSize: page.PageSize,
    LaunchTemplateSets: {
      LaunchTemplateSet: page.items.map((t) => ({
        LaunchTemplateId: t.id,
        LaunchTemplateName: t.name,
        DefaultVersionNumber: t.defaultVersionNumber,
        LatestVersionNumber: t.latestVersionNumber,
        CreateTime: isoSeconds(t.createdAt),
        ModifiedTime: isoSeconds(modifiedAt(t)),
        CreatedBy: t.versions[0]?.createdBy ?? ctx.accessKeyId,
        ResourceGroupId: t.resourceGroupId ?? "",
        Tags: renderTags(t.tags),
      })),
    },
  };
}

const modifiedAt = (t: LaunchTemplateRecord): number => Math.max(t.createdAt, ...t.versions.map((v) => v.modifiedAt));

function describeLaunchTemplateVersions(ctx: ActionContext): Record<string, unknown> {
  const p = ctx.params;
  const region = ctx.region();
  const templates = p.has("LaunchTemplateId") || p.has("LaunchTemplateName") ? [findTemplate(ctx, region, true)] : Object.values(region.launchTemplates).filter((t) => ctx.visible(t));
  const wanted = p.list("LaunchTemplateVersion").map((v, i) => {
    if (!/^\d+$/.test(v)) throw new ApiError("InvalidParameter", `The specified parameter "LaunchTemplateVersion.${i + 1}" is not valid: "${v}" is not a version number.`, 400);
    return Number(v);
  });
  const minVersion = p.int("MinVersion", { min: 1 });
  const maxVersion = p.int("MaxVersion", { min: 1 });
  const defaultOnly = p.bool("DefaultVersion");
  const detail = p.bool("DetailFlag", { default: true });

  const rows = templates
    .sort(byCreation)
    .flatMap((t) =>
      [...t.versions]
        .sort((a, b) => b.versionNumber - a.versionNumber)
        .filter((v) => wanted.length === 0 || wanted.includes(v.versionNumber))
        .filter((v) => minVersion === undefined || v.versionNumber >= minVersion)
        .filter((v) => maxVersion === undefined || v.versionNumber <= maxVersion)
        .filter((v) => defaultOnly === undefined || (v.versionNumber === t.defaultVersionNumber) === defaultOnly)
        .map((v) => ({ t, v })),
    );
  const page = paginate(rows, p, { defaultSize: 10, maxSize: 50 });
  return {
    TotalCount: page.TotalCount,
    PageNumber: page.PageNumber,
    PageSize: page.PageSize,
    LaunchTemplateVersionSets: {
      LaunchTemplateVersionSet: page.items.map(({ t, v }) => ({
        LaunchTemplateId: t.id,
        LaunchTemplateName: t.name,
        VersionNumber: v.versionNumber,
        DefaultVersion: v.versionNumber === t.defaultVersionNumber,
        VersionDescription: v.description,
        CreateTime: isoSeconds(v.createdAt),
        ModifiedTime: isoSeconds(v.modifiedAt),
        CreatedBy: v.createdBy,
        ...(detail ? { LaunchTemplateData: renderTemplateData(v.data) } : {}),
      })),
    },
  };
}

function versionNotFound(template: LaunchTemplateRecord, version: number): ApiError {
  return new ApiError("InvalidLaunchTemplateVersion.NotFound", `The specified LaunchTemplateId "${template.id}" Version "${version}" is not found.`, 400);
}

function modifyLaunchTemplateDefaultVersion(ctx: ActionContext): Record<string, unknown> {
  const region = ctx.region();
  const template = findTemplate(ctx, region);
  const version = ctx.params.int("DefaultVersionNumber", { required: true, min: 1 }) as number;
  if (!template.versions.some((v) => v.versionNumber === version)) throw versionNotFound(template, version);
  template.defaultVersionNumber = version;
  return {};
}

function deleteLaunchTemplateVersion(ctx: ActionContext): Record<string, unknown> {
  const region = ctx.region();
  const template = findTemplate(ctx, region);
  const raw = ctx.params.list("DeleteVersion");
  if (raw.length === 0) throw missingParameter("DeleteVersion.N");
  if (raw.length > MAX_VERSIONS_PER_TEMPLATE - 1) throw new ApiError("InvalidParameter", `The specified parameter "DeleteVersion.N" is not valid: at most ${MAX_VERSIONS_PER_TEMPLATE - 1} versions per call.`, 400);
  const doomed = raw.map((v, i) => {
    if (!/^\d+$/.test(v)) throw new ApiError("InvalidParameter", `The specified parameter "DeleteVersion.${i + 1}" is not valid: "${v}" is not a version number.`, 400);
    return Number(v);
  });
  // All or nothing: check every version before deleting any.
  for (const n of doomed) {
    if (n === template.defaultVersionNumber)
      throw new ApiError("InvalidOperation.DeleteDefaultVersion", `Delete default version from template is not allowed: version ${n} is the default of ${template.id}; make another version the default or call DeleteLaunchTemplate.`, 403);
    if (!template.versions.some((v) => v.versionNumber === n)) throw versionNotFound(template, n);
  }
  template.versions = template.versions.filter((v) => !doomed.includes(v.versionNumber));
  template.latestVersionNumber = Math.max(...template.versions.map((v) => v.versionNumber));
  return {};
}

function deleteLaunchTemplate(ctx: ActionContext): Record<string, unknown> {
  const region = ctx.region();
  const template = findTemplate(ctx, region);
  delete region.launchTemplates[template.id];
  return {
    LaunchTemplateId: template.id,
    LaunchTemplateVersionNumbers: { versionNumbers: template.versions.map((v) => v.versionNumber).sort((a, b) => a - b) },
  };
}

export const launchTemplatesActions: ActionTable = {
  CreateLaunchTemplate: createLaunchTemplate,
  CreateLaunchTemplateVersion: createLaunchTemplateVersion,
  DescribeLaunchTemplates: describeLaunchTemplates,
  DescribeLaunchTemplateVersions: describeLaunchTemplateVersions,
  ModifyLaunchTemplateDefaultVersion: modifyLaunchTemplateDefaultVersion,
  DeleteLaunchTemplateVersion: deleteLaunchTemplateVersion,
  DeleteLaunchTemplate: deleteLaunchTemplate,
};
