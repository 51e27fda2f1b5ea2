/** Launch templates: numbered versions (numbers of deleted versions are never reused), a default
 *  version that cannot be deleted on its own, names unique per region, and the reference's limits
 *  (30 templates per region, 30 versions each). A version's data is kept as the flat wire parameters
 *  it was created with ("SystemDisk.Category", "DataDisk.1.Size"), the form RunInstances merges. */
import { MAX_TEMPLATE_VERSIONS } from "../../provider/spec/limits";
import { ApiError } from "../errors";
import { checkQuota } from "../kinds";
import { newIdOf, type LaunchTemplateRecord, type LaunchTemplateVersionRecord, type RegionState, type Tag } from "../state";
import type { ModelContext } from "./context";

export const MAX_VERSIONS_PER_TEMPLATE = MAX_TEMPLATE_VERSIONS;

export const versionNotFound = (template: LaunchTemplateRecord, version: number): ApiError =>
  new ApiError("InvalidLaunchTemplateVersion.NotFound", `The specified LaunchTemplateId "${template.id}" Version "${version}" is not found.`, 400);

/** The template named by id and/or name (both given: they must agree). */
export function findTemplate(region: RegionState, id: string | undefined, name: string | undefined): LaunchTemplateRecord | undefined {
  const template = id ? region.launchTemplates[id] : Object.values(region.launchTemplates).find((t) => t.name === name);
  return !template || (id && name && template.name !== name) ? undefined : template;
}

function newVersion(m: ModelContext, template: LaunchTemplateRecord, data: Record<string, string>, description: string): LaunchTemplateVersionRecord {
  const versionNumber = Math.max(template.highestVersionNumber ?? 0, template.latestVersionNumber) + 1;
  const now = m.now();
  const version = { versionNumber, description, createdAt: now, modifiedAt: now, createdBy: m.accessKeyId, data };
  template.versions.push(version);
  template.highestVersionNumber = versionNumber;
  template.latestVersionNumber = versionNumber;
  return version;
}

export interface NewLaunchTemplate {
  name: string;
  versionDescription: string;
  data: Record<string, string>;
  tags: Tag[];
  resourceGroupId?: string;
}

export function createLaunchTemplate(m: ModelContext, region: RegionState, spec: NewLaunchTemplate): LaunchTemplateRecord {
  if (Object.values(region.launchTemplates).some((t) => t.name === spec.name))
    throw new ApiError("LaunchTemplateName.Duplicated", `The specified LaunchTemplateName "${spec.name}" already exist.`, 403);
  checkQuota("launchtemplate", Object.keys(region.launchTemplates).length);
  const template = m.created<LaunchTemplateRecord>({
    kind: "launchtemplate",
    id: newIdOf("launchtemplate"),
    regionId: region.regionId,
    createdAt: m.now(),
    tags: spec.tags,
    resourceGroupId: spec.resourceGroupId,
    name: spec.name,
    defaultVersionNumber: 1,
    latestVersionNumber: 0,
    versions: [],
  });
  newVersion(m, template, spec.data, spec.versionDescription);
  region.launchTemplates[template.id] = template;
  return template;
}

export function createTemplateVersion(m: ModelContext, template: LaunchTemplateRecord, data: Record<string, string>, description: string): LaunchTemplateVersionRecord {
  if (template.versions.length >= MAX_VERSIONS_PER_TEMPLATE)
    throw new ApiError("LaunchTemplateVersionLimitExceed", `The maximum number of template's versions is exceeded: ${template.id} already has ${MAX_VERSIONS_PER_TEMPLATE} versions; delete one first.`, 403);
  return newVersion(m, template, data, description);
}

export function setDefaultVersion(template: LaunchTemplateRecord, version: number): void {
  if (!template.versions.some((v) => v.versionNumber === version)) throw versionNotFound(template, version);
  template.defaultVersionNumber = version;
}

/** All or nothing: every version is checked before any is deleted; the default one cannot go. */
export function deleteTemplateVersions(template: LaunchTemplateRecord, doomed: readonly number[]): void {
  for (const n of doomed) {
    if (n === template.defaultVersionNumber)
      throw new ApiError("InvalidOperation.DeleteDefaultVersion", `Delete default version from template is not allowed: version ${n} is the default of ${template.id}; make another version the default or call DeleteLaunchTemplate.`, 403);
    if (!template.versions.some((v) => v.versionNumber === n)) throw versionNotFound(template, n);
  }
  template.versions = template.versions.filter((v) => !doomed.includes(v.versionNumber));
  template.latestVersionNumber = Math.max(...template.versions.map((v) => v.versionNumber));
}

export function deleteLaunchTemplate(region: RegionState, template: LaunchTemplateRecord): void {
  delete region.launchTemplates[template.id];
}

/** When a template or any of its versions last changed. */
export const templateModifiedAt = (t: LaunchTemplateRecord): number => Math.max(t.createdAt, ...t.versions.map((v) => v.modifiedAt));
