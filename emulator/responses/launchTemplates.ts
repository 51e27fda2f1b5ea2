/** Launch template actions: requests and answers (the rules are in models/launchTemplates.ts; the
 *  template data's wire form in launchTemplateData.ts). */
import { ApiError } from "../errors";
import {
  createLaunchTemplate,
  createTemplateVersion,
  deleteLaunchTemplate,
  deleteTemplateVersions,
  findTemplate,
  MAX_VERSIONS_PER_TEMPLATE,
  setDefaultVersion,
  templateModifiedAt,
} from "../models/launchTemplates";
import { byCreation, type LaunchTemplateRecord, type RegionState } from "../state";
import { isoSeconds, renderTags } from "./common";
import { readTemplateData, renderTemplateData } from "./launchTemplateData";
import { pageInfo, paginate } from "./pagination";
import { matchesTags } from "./params";
import { descriptionParam, nameParam } from "./rules";
import { action, P, pageParams, REGION_ID, TAG_PARAMS, type Action, type Params } from "./spec";
import type { ActionContext } from "./types";

/** A template name follows the shared name rule (limits NAME). */
const TEMPLATE_NAME = nameParam("InvalidLaunchTemplateName.Malformed");

/** The template named by LaunchTemplateId or LaunchTemplateName (one of them is required). */
function templateParam(ctx: ActionContext, region: RegionState, forRead = false): LaunchTemplateRecord {
  const id = ctx.params.str("LaunchTemplateId");
  const name = ctx.params.str("LaunchTemplateName");
  if (!id && !name) throw new ApiError("MissingParameter", `The input parameter "LaunchTemplateId" or "LaunchTemplateName" that is mandatory for processing this request is not supplied.`, 400);
  const template = findTemplate(region, id, name);
  if (!template || (forRead && !ctx.visible(template)))
    throw new ApiError("InvalidLaunchTemplate.NotFound", `The specified LaunchTemplateId "${id ?? ""}" LaunchTemplateName "${name ?? ""}" is not found.`, 400);
  return template;
}

const TEMPLATE_REF: Params = { LaunchTemplateId: P.string({ doc: "this or LaunchTemplateName" }), LaunchTemplateName: P.string() };
const VERSION_DESCRIPTION = descriptionParam("InvalidDescription.Malformed");
const DATA_NOTE = "The template data are RunInstances' parameters (ImageId, InstanceType, SystemDisk.*, DataDisk.N.*, Tag.N.* …), kept as sent; only user data (Base64, at most 32 KiB decoded), tags and the data-disk count (16) are checked here, the rest by RunInstances.";

export const launchTemplatesActions: Record<string, Action> = {
  CreateLaunchTemplate: action(
    {
      kind: "launchtemplate",
      summary: "Creates a launch template with its first version (number 1, the default).",
      params: {
        ...REGION_ID,
        LaunchTemplateName: { ...TEMPLATE_NAME, required: true },
        VersionDescription: VERSION_DESCRIPTION,
        ...TAG_PARAMS("TemplateTag", "the template's own tags"),
        TemplateResourceGroupId: P.string(),
      },
      notes: [DATA_NOTE, "At most 30 templates per region (LaunchTemplateLimitExceed, 403); names are unique (LaunchTemplateName.Duplicated, 403)."],
    },
    (ctx) => {
      const p = ctx.params;
      const region = ctx.region();
      const template = createLaunchTemplate(ctx, region, {
        name: p.need("LaunchTemplateName"),
        versionDescription: p.str("VersionDescription") ?? "",
        tags: p.tags("TemplateTag"),
        data: readTemplateData(p),
        resourceGroupId: p.str("TemplateResourceGroupId"),
      });
      return { LaunchTemplateId: template.id, LaunchTemplateVersionNumber: 1 };
    },
  ),

  CreateLaunchTemplateVersion: action(
    {
      kind: "launchtemplate",
      summary: "Adds a version to a template (the next number; numbers of deleted versions are not reused).",
      params: { ...REGION_ID, ...TEMPLATE_REF, VersionDescription: VERSION_DESCRIPTION },
      notes: [DATA_NOTE, `At most ${MAX_VERSIONS_PER_TEMPLATE} versions per template (LaunchTemplateVersionLimitExceed, 403).`],
    },
    (ctx) => {
      const template = templateParam(ctx, ctx.region());
      const description = ctx.params.str("VersionDescription") ?? "";
      const version = createTemplateVersion(ctx, template, readTemplateData(ctx.params), description);
      return { LaunchTemplateId: template.id, LaunchTemplateVersionNumber: version.versionNumber };
    },
  ),

  DescribeLaunchTemplates: action(
    {
      kind: "launchtemplate",
      summary: "Lists launch templates (without their data).",
      params: {
        ...REGION_ID,
        LaunchTemplateId: P.list({ maxItems: 100, doc: "LaunchTemplateId.N (one bare LaunchTemplateId also works)" }),
        LaunchTemplateName: P.list({ maxItems: 100 }),
        TemplateResourceGroupId: P.string(),
        ...TAG_PARAMS("TemplateTag", "tag filter"),
        ...pageParams(50),
      },
    },
    (ctx) => {
      const p = ctx.params;
      const region = ctx.region();
      // The SDK sends these as RepeatLists (LaunchTemplateId.1); older callers send one bare value.
      const ids = [...p.list("LaunchTemplateId"), ...(p.str("LaunchTemplateId") ? [p.raw.LaunchTemplateId!] : [])];
      const names = [...p.list("LaunchTemplateName"), ...(p.str("LaunchTemplateName") ? [p.raw.LaunchTemplateName!] : [])];
      const resourceGroupId = p.str("TemplateResourceGroupId");
      const tagFilter = p.tags("TemplateTag");
      const matching = Object.values(region.launchTemplates)
        .filter((t) => ctx.visible(t))
        .filter((t) => ids.length === 0 || ids.includes(t.id))
        .filter((t) => names.length === 0 || names.includes(t.name))
        .filter((t) => !resourceGroupId || t.resourceGroupId === resourceGroupId)
        .filter((t) => matchesTags(t.tags, tagFilter))
        .sort(byCreation);
      const page = paginate(matching, p);
      return {
        ...pageInfo(page),
        LaunchTemplateSets: {
          LaunchTemplateSet: page.items.map((t) => ({
            LaunchTemplateId: t.id,
            LaunchTemplateName: t.name,
            DefaultVersionNumber: t.defaultVersionNumber,
            LatestVersionNumber: t.latestVersionNumber,
            CreateTime: isoSeconds(t.createdAt),
            ModifiedTime: isoSeconds(templateModifiedAt(t)),
            CreatedBy: t.versions[0]?.createdBy ?? ctx.accessKeyId,
            ResourceGroupId: t.resourceGroupId ?? "",
            Tags: renderTags(t.tags),
          })),
        },
      };
    },
  ),

  DescribeLaunchTemplateVersions: action(
    {
      kind: "launchtemplate",
      summary: "Lists template versions, newest first, with their data unless DetailFlag=false.",
      params: {
        ...REGION_ID,
        ...TEMPLATE_REF,
        LaunchTemplateVersion: P.list({ item: P.integer({ min: 1 }), doc: "version numbers" }),
        MinVersion: P.integer({ min: 1 }),
        MaxVersion: P.integer({ min: 1 }),
        DefaultVersion: P.boolean({ doc: "true: only default versions; false: only the others" }),
        DetailFlag: P.boolean({ default: true }),
        ...pageParams(50),
      },
    },
    (ctx) => {
      const p = ctx.params;
      const region = ctx.region();
      const templates = p.has("LaunchTemplateId") || p.has("LaunchTemplateName") ? [templateParam(ctx, region, true)] : Object.values(region.launchTemplates).filter((t) => ctx.visible(t));
      const wanted = p.list("LaunchTemplateVersion").map(Number);
      const minVersion = p.int("MinVersion");
      const maxVersion = p.int("MaxVersion");
      const defaultOnly = p.bool("DefaultVersion");
      const detail = p.bool("DetailFlag");
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
      const page = paginate(rows, p);
      return {
        ...pageInfo(page),
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
    },
  ),

  ModifyLaunchTemplateDefaultVersion: action(
    {
      kind: "launchtemplate",
      summary: "Makes another version the template's default.",
      params: { ...REGION_ID, ...TEMPLATE_REF, DefaultVersionNumber: P.integer({ required: true, min: 1 }) },
    },
    (ctx) => {
      setDefaultVersion(templateParam(ctx, ctx.region()), ctx.params.int("DefaultVersionNumber")!);
      return {};
    },
  ),

  DeleteLaunchTemplateVersion: action(
    {
      kind: "launchtemplate",
      summary: "Deletes versions of a template, all or none.",
      params: {
        ...REGION_ID,
        ...TEMPLATE_REF,
        DeleteVersion: P.list({ required: true, maxItems: MAX_VERSIONS_PER_TEMPLATE - 1, item: P.integer({ min: 1 }) }),
      },
      notes: ["The default version cannot be deleted (InvalidOperation.DeleteDefaultVersion, 403): make another the default, or delete the template."],
    },
    (ctx) => {
      deleteTemplateVersions(templateParam(ctx, ctx.region()), ctx.params.list("DeleteVersion").map(Number));
      return {};
    },
  ),

  DeleteLaunchTemplate: action(
    {
      kind: "launchtemplate",
      summary: "Deletes a template with all its versions.",
      params: { ...REGION_ID, ...TEMPLATE_REF },
    },
    (ctx) => {
      const region = ctx.region();
      const template = templateParam(ctx, region);
      deleteLaunchTemplate(region, template);
      return {
        LaunchTemplateId: template.id,
        LaunchTemplateVersionNumbers: { versionNumbers: template.versions.map((v) => v.versionNumber).sort((a, b) => a - b) },
      };
    },
  ),
};
