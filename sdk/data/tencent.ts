/** getTencentBareMetalRegions: DescribeRegions of Tencent Cloud's black-stone API 2.0 (seed 001),
 *  signed with the API 2.0 HmacSHA1 signature (provider/client/signing/tencent.ts). The answer's
 *  `data` is an object keyed by region id whose zones are keyed by zone id; it becomes a list
 *  ordered by id, with the ids as numbers (the reference types them Int). */
import { callTencentBm } from "../../provider/tencent";
import { tencentOptions } from "./client";
import { dataFunction } from "./invoke";
import type { GetTencentBareMetalRegionsArgs, GetTencentBareMetalRegionsResult, TencentBareMetalRegion } from "../../provider/types";

interface RawZone {
  zoneId: string | number;
  zoneName?: string;
  zoneEname?: string;
}
interface RawRegion {
  regionId: string | number;
  regionName?: string;
  setName?: string;
  zones?: Record<string, RawZone>;
}

export function regionsFromData(data: Record<string, RawRegion> | undefined): TencentBareMetalRegion[] {
  return Object.values(data ?? {})
    .map((r) => ({
      regionId: Number(r.regionId),
      regionName: (r.regionName ?? "").trim(),
      setName: r.setName ?? "",
      zones: Object.values(r.zones ?? {})
        .map((z) => ({ zoneId: Number(z.zoneId), zoneName: (z.zoneName ?? "").trim(), zoneEname: z.zoneEname ?? "" }))
        .sort((a, b) => a.zoneId - b.zoneId),
    }))
    .sort((a, b) => a.regionId - b.regionId);
}

export const [getTencentBareMetalRegions, getTencentBareMetalRegionsOutput] = dataFunction("getTencentBareMetalRegions", async (args: GetTencentBareMetalRegionsArgs): Promise<GetTencentBareMetalRegionsResult> => {
  const params: Record<string, number> = args.regionId === undefined ? {} : { regionId: args.regionId };
  const data = await callTencentBm<Record<string, RawRegion>>("DescribeRegions", params, tencentOptions(args.region));
  return { regions: regionsFromData(data) };
});
