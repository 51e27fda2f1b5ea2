/** check() for LaunchTemplate: the reference's rules for CreateLaunchTemplate(Version). ECS does
 *  not check most template fields until RunInstances; the ones checked here would make every
 *  instance launched from the template fail, so they fail the preview instead. No API call. */
import type { LaunchTemplateInputs } from "../../../sdk/types/launchTemplate";
import { ecsDescription, ecsName, ecsTags, isInteger, length, maxItems, noHttpPrefix, oneOf, range, type Checker, type Rule } from "../common";
// Template data are RunInstances parameters: the same limits as an Instance's.
import { DATA_DISK_RANGES, MAX_DATA_DISKS, MAX_USER_DATA_BYTES, SYSTEM_DISK_RANGE } from "../instance/validate";

/** Template names: 2-128 characters, an English letter first, then letters, digits, '.', ':', '_', '-'. */
const templateName: Rule = (v) =>
  typeof v !== "string"
    ? "must be a string"
    : (length(2, 128)(v) ?? noHttpPrefix(v) ?? (/^[A-Za-z][A-Za-z0-9.:_-]*$/.test(v) ? undefined : "must start with a letter and contain only letters, digits, '.', ':', '_' and '-'"));

export function validateLaunchTemplate(c: Checker, n: LaunchTemplateInputs): void {
  c.required("launchTemplateName", n.launchTemplateName);
  c.check("launchTemplateName", n.launchTemplateName, templateName);
  c.check("versionDescription", n.versionDescription, ecsDescription);
  c.check("instanceName", n.instanceName, ecsName);
  c.check("description", n.description, ecsDescription);
  c.check("internetChargeType", n.internetChargeType, oneOf(["PayByTraffic", "PayByBandwidth"]));
  c.check("internetMaxBandwidthIn", n.internetMaxBandwidthIn, isInteger, range(1, 200, " Mbit/s"));
  c.check("internetMaxBandwidthOut", n.internetMaxBandwidthOut, isInteger, range(0, 100, " Mbit/s"));
  c.check("ioOptimized", n.ioOptimized, oneOf(["none", "optimized"]));
  c.check("networkType", n.networkType, oneOf(["classic", "vpc"]));
  c.check("spotStrategy", n.spotStrategy, oneOf(["NoSpot", "SpotWithPriceLimit", "SpotAsPriceGo"]));
  c.check("securityEnhancementStrategy", n.securityEnhancementStrategy, oneOf(["Active", "Deactive"]));
  c.check("userData", n.userData, (v) =>
    typeof v === "string" && Buffer.byteLength(v, "utf8") > MAX_USER_DATA_BYTES ? `must be at most 16 KB (got ${Buffer.byteLength(v, "utf8")} bytes)` : undefined,
  );
  c.check("tags", n.tags, ecsTags);
  c.check("systemDisk.size", n.systemDisk?.size, isInteger, range(SYSTEM_DISK_RANGE[0], SYSTEM_DISK_RANGE[1], " GiB"));
  c.check("systemDisk.name", n.systemDisk?.name, ecsName);
  c.check("systemDisk.description", n.systemDisk?.description, ecsDescription);
  c.check("dataDisks", n.dataDisks, maxItems(MAX_DATA_DISKS));
  (Array.isArray(n.dataDisks) ? n.dataDisks : []).forEach((d, i) => {
    const sizes = typeof d?.category === "string" ? DATA_DISK_RANGES[d.category] : undefined;
    c.check(`dataDisks[${i}].category`, d?.category, oneOf(Object.keys(DATA_DISK_RANGES)));
    c.check(`dataDisks[${i}].size`, d?.size, isInteger, sizes ? range(sizes[0], sizes[1], ` GiB for ${d.category}`) : () => undefined);
    c.check(`dataDisks[${i}].name`, d?.name, ecsName);
    c.check(`dataDisks[${i}].description`, d?.description, ecsDescription);
  });
}
