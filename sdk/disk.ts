import * as pulumi from "@pulumi/pulumi";
import { shimProvider } from "../provider/shim";
import { MODULE, resourceOptions, resourceProps } from "./resource";
import { diskMeta, type DiskArgs, type DiskOutputProperties } from "./types/disk";

export type { DiskArgs } from "./types/disk";

/** Its outputs (diskId, status, device, …) come from the generated DiskOutputProperties. */
export interface Disk extends DiskOutputProperties {}

/** An ECS data disk (CreateDisk), optionally attached to `instanceId`. */
export class Disk extends pulumi.dynamic.Resource {
  constructor(name: string, args: DiskArgs, opts?: pulumi.CustomResourceOptions) {
    super(shimProvider(diskMeta.kind), name, resourceProps(diskMeta, name, args, opts), resourceOptions(diskMeta, opts), MODULE, diskMeta.kind);
  }
}
