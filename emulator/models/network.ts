/** Addresses: private IPs handed out in order from a VSwitch's CIDR block, and public (Internet) IP
 *  addresses of VPC instances. RunInstances gives one to each instance created with
 *  InternetMaxBandwidthOut > 0; AllocatePublicIpAddress gives one later (ModifyInstanceSpec raising the bandwidth
 *  from 0 does not, as in the reference). The address lives on the instance record, so it is released with it.
 *
 *  Pool: each catalogue region has its own /16 in 47.96.0.0/11 (an Alibaba Cloud range), in catalogue order:
 *  cn-hangzhou 47.96.0.0/16, cn-shanghai 47.97.0.0/16 … Hosts .1–.254 of each /24, from 47.<r>.0.10 on; the lowest
 *  free address is handed out, so addresses are unique per account and region and the same run gives the same ones. */
import { REGIONS } from "../catalog";
import { ApiError } from "../errors";
import type { InstanceRecord, RegionState, VSwitchRecord } from "../state";
import { requireInstanceStatus } from "./instanceStatus";

const HOSTS_PER_24 = 254; // .1 to .254: no network or broadcast look-alikes
const FIRST_HOST = 9; // the first address is 47.<r>.0.10
/** Addresses per region: 256 /24s of 254 hosts, minus the nine skipped at the start. */
export const PUBLIC_IP_POOL_SIZE = 256 * HOSTS_PER_24 - FIRST_HOST;

function regionOctet(regionId: string): number {
  const index = REGIONS.findIndex((r) => r.regionId === regionId);
  return 96 + Math.max(0, index);
}

const addressOf = (octet: number, k: number): string => `47.${octet}.${Math.floor(k / HOSTS_PER_24)}.${(k % HOSTS_PER_24) + 1}`;

const insufficientPublicIp = (): ApiError => new ApiError("InsufficientPublicIp", "Ip address not found: no available Internet IP address, please try again later.", 400);

/** Hands out the region's lowest free public addresses. Build one per request: it snapshots the addresses in use. */
export class PublicIpPool {
  private readonly taken: Set<string>;
  private readonly octet: number;
  private next = FIRST_HOST;

  constructor(
    reg: RegionState,
    private readonly size = PUBLIC_IP_POOL_SIZE,
  ) {
    this.octet = regionOctet(reg.regionId);
    this.taken = new Set(Object.values(reg.instances).flatMap((i) => (i.publicIpAddress ? [i.publicIpAddress] : [])));
  }

  /** Fails with InsufficientPublicIp unless `count` addresses are free (check before creating anything). */
  reserve(count: number): void {
    if (this.size - this.taken.size < count) throw insufficientPublicIp();
  }

  allocate(): string {
    for (; this.next < FIRST_HOST + this.size; this.next++) {
      const ip = addressOf(this.octet, this.next);
      if (this.taken.has(ip)) continue;
      this.taken.add(ip);
      this.next++;
      return ip;
    }
    throw insufficientPublicIp();
  }
}

/** AllocatePublicIpAddress: one public address for a Running or Stopped instance that has none. */
export function allocatePublicIp(reg: RegionState, inst: InstanceRecord, now: number): string {
  if (inst.publicIpAddress)
    throw new ApiError("AllocatedAlready", `There is an IpAddress allocated already for the specified instance ${inst.id} (${inst.publicIpAddress}).`, 403);
  requireInstanceStatus(inst, now, ["Running", "Stopped"]);
  inst.publicIpAddress = new PublicIpPool(reg).allocate();
  return inst.publicIpAddress;
}

/** Next free private IP in a VSwitch's CIDR (the emulator hands them out in order). */
export function allocatePrivateIp(vsw: VSwitchRecord): string {
  const [base] = vsw.cidrBlock.split("/");
  const parts = base.split(".").map(Number);
  const n = ((parts[0] << 24) | (parts[1] << 16) | (parts[2] << 8) | parts[3]) + vsw.nextHost;
  vsw.nextHost += 1;
  vsw.availableIpAddressCount = Math.max(0, vsw.availableIpAddressCount - 1);
  return [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".");
}

export function ipInCidr(ip: string, cidr: string): boolean {
  const toInt = (s: string) => s.split(".").reduce((a, b) => (a << 8) + Number(b), 0) >>> 0;
  const [base, bitsText] = cidr.split("/");
  const bits = Number(bitsText);
  const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
  return (toInt(ip) & mask) === (toInt(base) & mask);
}
