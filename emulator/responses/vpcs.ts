/** DescribeVpcs and DescribeVSwitches: the default VPC and per-zone VSwitches every region starts with. */
import { ecsTime } from "../clock";
import { pageInfo, paginate } from "./pagination";
import { action, P, pageParams, REGION_ID, type Action } from "./spec";

export const vpcActions: Record<string, Action> = {
  DescribeVpcs: action(
    {
      kind: "network",
      summary: "The region's VPCs (the default VPC each region starts with).",
      params: { ...REGION_ID, VpcId: P.string({ doc: "one id or several, comma-separated" }), IsDefault: P.boolean(), ...pageParams(50) },
    },
    (ctx) => {
    const reg = ctx.region();
    const p = ctx.params;
    const ids = p.str("VpcId")?.split(",").map((s) => s.trim()).filter(Boolean);
    const isDefault = p.bool("IsDefault");
    const rows = Object.values(reg.vpcs)
      .filter((v) => ctx.visible(v))
      .filter((v) => (ids ? ids.includes(v.id) : true))
      .filter((v) => (isDefault !== undefined ? v.isDefault === isDefault : true));
    const page = paginate(rows, p);
    return {
      ...pageInfo(page),
      Vpcs: {
        Vpc: page.items.map((v) => ({
          VpcId: v.id,
          RegionId: v.regionId,
          VpcName: v.name,
          Description: v.description,
          CidrBlock: v.cidrBlock,
          IsDefault: v.isDefault,
          Status: v.status,
          CreationTime: ecsTime(v.createdAt),
          VSwitchIds: { VSwitchId: Object.values(reg.vswitches).filter((s) => s.vpcId === v.id).map((s) => s.id) },
        })),
      },
    };
  }),

  DescribeVSwitches: action(
    {
      kind: "network",
      summary: "The region's VSwitches (one default per zone).",
      params: { ...REGION_ID, VpcId: P.string(), ZoneId: P.string(), VSwitchId: P.string({ doc: "one id or several, comma-separated" }), IsDefault: P.boolean(), ...pageParams(50) },
    },
    (ctx) => {
    const reg = ctx.region();
    const p = ctx.params;
    const vpcId = p.str("VpcId");
    const zoneId = p.str("ZoneId");
    const ids = p.str("VSwitchId")?.split(",").map((s) => s.trim()).filter(Boolean);
    const isDefault = p.bool("IsDefault");
    const rows = Object.values(reg.vswitches)
      .filter((s) => ctx.visible(s))
      .filter((s) => (vpcId ? s.vpcId === vpcId : true))
      .filter((s) => (zoneId ? s.zoneId === zoneId : true))
      .filter((s) => (ids ? ids.includes(s.id) : true))
      .filter((s) => (isDefault !== undefined ? s.isDefault === isDefault : true));
    const page = paginate(rows, p);
    return {
      ...pageInfo(page),
      VSwitches: {
        VSwitch: page.items.map((s) => ({
          VSwitchId: s.id,
          VpcId: s.vpcId,
          ZoneId: s.zoneId,
          VSwitchName: s.name,
          Description: s.description,
          CidrBlock: s.cidrBlock,
          IsDefault: s.isDefault,
          Status: "Available",
          AvailableIpAddressCount: s.availableIpAddressCount,
          CreationTime: ecsTime(s.createdAt),
        })),
      },
    };
  }),
};
