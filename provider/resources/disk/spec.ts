/** Disk: every property fact, once. Read from a DescribeDisks item. */
import { call, out, prop, regionProp, replaces, resource, t, tagsProp, timeoutsProp, via } from "../../spec/build";
import * as limits from "../../spec/limits";
import { diskCategory, diskSize, ecsDescription, ecsName, idOf } from "../../spec/rules";

const TIMEOUTS = { create: "5m", update: "5m", delete: "5m" } as const;

export const diskSpec = resource({
  kind: "Disk",
  noun: "disk",
  doc: "A pay-as-you-go ECS data disk, created with CreateDisk and optionally attached to an instance. Name, description, release settings, size (grow only), attachment and tags change in place.",
  idParam: "DiskId",
  idExample: "d-bp1abc…",
  listByTag: { action: "DescribeDisks", tagParam: "Tag", list: ["Disks", "Disk"], idKey: "DiskId" },
  tagResourceType: "disk",
  timeouts: TIMEOUTS,
  inputs: {
    region: regionProp("disk"),
    zoneId: prop(t.string, {
      doc: "Zone of the disk (it must match the instance it attaches to).",
      change: replaces,
      required: true,
      lookup: "zone",
      wire: { create: "ZoneId", read: "ZoneId" },
    }),
    category: prop(t.string, {
      doc: `Disk category: ${limits.diskCategoriesText("createDisk")}.`,
      change: replaces,
      default: limits.DEFAULT_DISK_CATEGORY.createDisk,
      rules: [diskCategory("createDisk")],
      wire: { create: "DiskCategory", read: "Category" },
    }),
    size: prop(t.integer, {
      doc: "Size in GiB, in the range of its category. Required unless snapshotId is set. Grows in place with ResizeDisk; it cannot shrink.",
      change: via("resize"),
      requiredUnless: "snapshotId",
      computed: true,
      alwaysReported: true,
      growOnly: true,
      rules: [diskSize("createDisk")],
      wire: { create: "Size", read: "Size" },
    }),
    snapshotId: prop(t.string, {
      doc: "Snapshot to create the disk from.",
      outDoc: "Source snapshot.",
      change: replaces,
      rules: [idOf("s", "a snapshot")],
      wire: { create: "SnapshotId", read: "SourceSnapshotId" },
    }),
    diskName: prop(t.string, {
      doc: "Disk name: 2-128 characters, starts with a letter, no http:// or https:// prefix.",
      outDoc: "Disk name.",
      change: call("ModifyDiskAttribute", "DiskName"),
      computed: true,
      rules: [ecsName],
      autoName: true,
      wire: { create: "DiskName", read: "DiskName" },
    }),
    description: prop(t.string, {
      doc: "Description: 2-256 characters, no http:// or https:// prefix.",
      outDoc: "Description.",
      change: call("ModifyDiskAttribute", "Description"),
      computed: true,
      rules: [ecsDescription],
      wire: { create: "Description", read: "Description" },
    }),
    encrypted: prop(t.boolean, {
      doc: "Encrypt the disk (default false).",
      outDoc: "Whether the disk is encrypted.",
      change: replaces,
      computed: true,
      wire: { create: "Encrypted", read: "Encrypted" },
    }),
    deleteWithInstance: prop(t.boolean, {
      doc: "Release the disk with the instance it is attached to.",
      outDoc: "Whether the disk is released with its instance.",
      change: call("ModifyDiskAttribute", "DeleteWithInstance"),
      computed: true,
      wire: { read: "DeleteWithInstance" },
    }),
    deleteAutoSnapshot: prop(t.boolean, {
      doc: "Delete automatic snapshots with the disk.",
      outDoc: "Whether automatic snapshots are deleted with the disk.",
      change: call("ModifyDiskAttribute", "DeleteAutoSnapshot"),
      computed: true,
      wire: { read: "DeleteAutoSnapshot" },
    }),
    instanceId: prop(t.string, {
      doc: "Attach the disk to this instance (AttachDisk, then wait for In_use). Changing it detaches and reattaches.",
      outDoc: "Instance the disk is attached to.",
      change: via("attachment"),
      rules: [idOf("i", "an instance")],
      wire: { read: "InstanceId" },
    }),
    tags: tagsProp(),
    timeouts: timeoutsProp(TIMEOUTS),
  },
  outputs: {
    diskId: out(t.string, "The disk ID.", { wire: { read: "DiskId" } }),
    status: out(t.string, "Status as ECS reports it: Creating, Available, Attaching, In_use, Detaching.", { wire: { read: "Status" } }),
    device: out(t.string, "Device name inside the instance (e.g. /dev/xvdb) when attached.", { required: false, wire: { read: "Device" } }),
  },
});
