/** Fidelity cases of the disk actions (ref 003:<line> where a case comes from the reference). */
import { jsonArray } from "../../../../provider/client/params";
import type { ActionTable } from "../cases";
import { IMAGE, ZONE } from "../world";

const diskNotFound = { code: "InvalidDiskId.NotFound", status: 404 };
const ids = (b: Record<string, any>): string[] => b.Disks.Disk.map((d: { DiskId: string }) => d.DiskId);

export const diskTables: Record<string, ActionTable> = {
  CreateDisk: {
    base: () => ({ ZoneId: ZONE, Size: 40 }),
    cases: [
      { name: "creates an ultra disk (the documented default category)", expect: { ok: true } },
      {
        name: "the default category is cloud_efficiency (today: CreateDiskRequest.diskCategory)",
        expect: { ok: true, check: async (b, _w, call) => expect((await call("DescribeDisks", { DiskIds: jsonArray([b.DiskId as string]) })).body.Disks.Disk[0].Category).toBe("cloud_efficiency") },
      },
      { name: "an unknown zone", params: () => ({ ZoneId: "cn-hangzhou-z" }), expect: { code: "InvalidZoneId.NotFound", status: 404 } },
      { name: "an unknown category", params: () => ({ DiskCategory: "cloud_nope" }), expect: { code: "InvalidDiskCategory.ValueNotSupported", status: 400 } },
      { name: "ephemeral_ssd cannot be created alone", params: () => ({ DiskCategory: "ephemeral_ssd" }), expect: { code: "InvalidDiskCategory.ValueNotSupported", status: 400 } },
      { name: "no size and no snapshot", params: () => ({ Size: undefined }), expect: { code: "MissingParameter", status: 400 } },
      { name: "below the category's minimum", params: () => ({ DiskCategory: "cloud_essd", Size: 19 }), expect: { code: "InvalidSize.ValueNotSupported", status: 400 } },
      { name: "above the category's maximum", params: () => ({ DiskCategory: "cloud_efficiency", Size: 32769 }), expect: { code: "InvalidSize.ValueNotSupported", status: 400 } },
      { name: "an ESSD up to 65536 GiB (today)", params: () => ({ DiskCategory: "cloud_essd", Size: 65536 }), expect: { ok: true } },
      { name: "a malformed name", params: () => ({ DiskName: "-x" }), expect: { code: "InvalidDiskName.Malformed", status: 400 } },
      { name: "a malformed description", params: () => ({ Description: "http://x" }), expect: { code: "InvalidDescription.Malformed", status: 400 } },
      { name: "a snapshot (none here)", params: () => ({ SnapshotId: "s-nope" }), expect: { code: "InvalidSnapshotId.NotFound", status: 404 } },
      { name: "an unknown region", params: () => ({ RegionId: "xx-nowhere-1" }), expect: { code: "InvalidRegionId.NotFound", status: 404 } },
    ],
  },

  DescribeDisks: {
    base: () => ({}),
    cases: [
      { name: "every disk", expect: { ok: true, check: (b) => expect(b.TotalCount).toBe(4) } },
      { name: "Category=all is no filter (ref 003:11848)", params: () => ({ Category: "all" }), expect: { ok: true, check: (b) => expect(b.TotalCount).toBe(4) } },
      { name: "Status=All is no filter (ref 003:11866)", params: () => ({ Status: "All" }), expect: { ok: true, check: (b) => expect(b.TotalCount).toBe(4) } },
      { name: "Encrypted=false is no filter (ref 003:11800)", params: () => ({ Encrypted: false }), expect: { ok: true, check: (b) => expect(b.TotalCount).toBe(4) } },
      { name: "Encrypted=true: only encrypted disks", params: () => ({ Encrypted: true }), expect: { ok: true, check: (b) => expect(b.TotalCount).toBe(0) } },
      { name: "DiskType=system", params: () => ({ DiskType: "system" }), expect: { ok: true, check: (b) => expect(b.TotalCount).toBe(2) } },
      { name: "Status=Available", params: () => ({ Status: "Available" }), expect: { ok: true, check: (b, w) => expect(ids(b)).toEqual([w.disk]) } },
      { name: "by ids", params: (w) => ({ DiskIds: jsonArray([w.disk, w.runningDataDisk]) }), expect: { ok: true, check: (b) => expect(b.TotalCount).toBe(2) } },
      { name: "a disk's fields", params: (w) => ({ DiskIds: jsonArray([w.runningDataDisk]) }), expect: { ok: true, check: (b, w) => expect(b.Disks.Disk[0]).toMatchObject({ DiskId: w.runningDataDisk, Category: "cloud_essd", Size: 40, Status: "In_use", Type: "data", InstanceId: w.running, Portable: true, ProductCode: "", IOPSRead: 0, IOPSWrite: 0 }) } },
      { name: "an unknown category", params: () => ({ Category: "nope" }), expect: { code: "InvalidCategory.ValueNotSupported", status: 400 } },
      { name: "an unknown disk type", params: () => ({ DiskType: "nope" }), expect: { code: "InvalidDiskType.ValueNotSupported", status: 400 } },
      { name: "an unknown status", params: () => ({ Status: "nope" }), expect: { code: "InvalidStatus.ValueNotSupported", status: 400 } },
      { name: "an unknown zone", params: () => ({ ZoneId: "cn-hangzhou-z" }), expect: { code: "InvalidZoneId.NotFound", status: 400 } },
      { name: "an unknown charge type", params: () => ({ DiskChargeType: "Free" }), expect: { code: "InvalidDiskChargeType.NotFound", status: 404 } },
      { name: "an unknown lock reason", params: () => ({ LockReason: "nope" }), expect: { code: "InvalidLockReason.NotFound", status: 404 } },
      { name: "101 ids", params: () => ({ DiskIds: JSON.stringify(Array.from({ length: 101 }, (_, i) => `d-${i}`)) }), expect: { code: "InvalidDiskIds.Malformed", status: 403 } },
      { name: "21 tag filters", params: () => ({ Tag: Array.from({ length: 21 }, (_, i) => ({ Key: `k${i}` })) }), expect: { code: "InvalidTagCount", status: 400 } },
      { name: "a tag filter value without a key", params: () => ({ Tag: [{ Value: "x" }] }), expect: { code: "InvalidTag.Mismatch", status: 400 } },
    ],
  },

  AttachDisk: {
    base: (w) => ({ InstanceId: w.running, DiskId: w.disk }),
    cases: [
      { name: "attaches an Available disk", expect: { ok: true } },
      { name: "to a Stopped instance", params: (w) => ({ InstanceId: w.stopped }), expect: { ok: true } },
      { name: "a disk in use", params: (w) => ({ DiskId: w.runningDataDisk }), expect: { code: "InvalidDevice.InUse", status: 403 } },
      { name: "a disk being created", setup: async (w, _c, admin) => void admin.modifyResource("disk", w.disk, { status: "Creating" }), expect: { code: "IncorrectDiskStatus", status: 403 } },
      {
        name: "an instance that is not Running or Stopped (this table: HTTP 400)",
        setup: async (w, _c, admin) => void admin.modifyResource("instance", w.running, { status: "Stopping" }),
        expect: { code: "IncorrectInstanceStatus", status: 400 },
        ref: 12262,
      },
      {
        name: "another zone",
        setup: async (_w, call) => ({ DiskId: (await call("CreateDisk", { ZoneId: "cn-hangzhou-i", Size: 40 })).body.DiskId as string }),
        expect: { code: "ResourcesNotInSameZone", status: 403 },
      },
      { name: "an unknown disk", params: () => ({ DiskId: "d-nope" }), expect: diskNotFound },
      { name: "an unknown instance", params: () => ({ InstanceId: "i-nope" }), expect: { code: "InvalidInstanceId.NotFound", status: 404 } },
    ],
  },

  DetachDisk: {
    base: (w) => ({ InstanceId: w.running, DiskId: w.runningDataDisk }),
    cases: [
      {
        name: "detaches, and the disk no longer goes with an instance (ref 003:12930)",
        expect: { ok: true },
        setup: async (w, call) => void (await call("ModifyDiskAttribute", { DiskId: w.runningDataDisk, DeleteWithInstance: true })),
      },
      { name: "a system disk", params: (w) => ({ DiskId: w.runningSystemDisk }), expect: { code: "DiskTypeViolation", status: 403 } },
      { name: "a disk still attaching", setup: async (w, _c, admin) => void admin.modifyResource("disk", w.runningDataDisk, { status: "Attaching" }), expect: { code: "IncorrectDiskStatus", status: 403 } },
      { name: "an instance that is Starting", setup: async (w, _c, admin) => void admin.modifyResource("instance", w.running, { status: "Starting" }), expect: { code: "IncorrectInstanceStatus", status: 403 } },
      { name: "an unknown instance", params: () => ({ InstanceId: "i-nope" }), expect: { code: "InvalidInstanceId.NotFound", status: 404 } },
      { name: "a disk not attached to that instance", params: (w) => ({ InstanceId: w.stopped }), expect: { code: "DependencyViolation", status: 403 } },
      { name: "an unknown disk", params: () => ({ DiskId: "d-nope" }), expect: diskNotFound },
      { name: "no InstanceId", params: () => ({ InstanceId: undefined }), expect: { code: "MissingParameter", status: 400 } },
    ],
  },

  ResizeDisk: {
    base: (w) => ({ DiskId: w.disk, NewSize: 60 }),
    cases: [
      { name: "grows", expect: { ok: true } },
      { name: "a disk of an instance that is Starting", setup: async (w, _c, admin) => void admin.modifyResource("instance", w.running, { status: "Starting" }), params: (w) => ({ DiskId: w.runningDataDisk }), expect: { code: "IncorrectInstanceStatus", status: 403 } },
      { name: "shrinks", params: () => ({ NewSize: 30 }), expect: { code: "InvalidDiskSize.TooSmall", status: 403 } },
      { name: "the same size", params: () => ({ NewSize: 40 }), expect: { code: "InvalidDiskSize.TooSmall", status: 403 } },
      { name: "beyond the category's maximum", params: () => ({ NewSize: 65537 }), expect: { code: "InvalidDiskSize.TooLarge", status: 403 } },
      { name: "a system disk (today: ResizeDisk expands system disks too)", params: (w) => ({ DiskId: w.runningSystemDisk, NewSize: 60 }), expect: { ok: true } },
      {
        name: "a basic disk online",
        setup: async (_w, call) => ({ DiskId: (await call("CreateDisk", { ZoneId: ZONE, Size: 40, DiskCategory: "cloud" })).body.DiskId as string }),
        params: () => ({ Type: "online" }),
        expect: { code: "OperationDenied", status: 403 },
      },
      { name: "an unknown disk", params: () => ({ DiskId: "d-nope" }), expect: diskNotFound },
    ],
  },

  ModifyDiskAttribute: {
    base: (w) => ({ DiskId: w.disk, DiskName: "renamed" }),
    cases: [
      { name: "renames", expect: { ok: true } },
      { name: "nothing to change", params: () => ({ DiskName: undefined }), expect: { code: "NoAttributeToModify", status: 400 } },
      { name: "a malformed name", params: () => ({ DiskName: "-x" }), expect: { code: "InvalidDiskName.Malformed", status: 400 } },
      { name: "a malformed description (this table: HTTP 404)", params: () => ({ Description: "http://x" }), expect: { code: "InvalidDescription.Malformed", status: 404 }, ref: 13706 },
      {
        name: "DeleteWithInstance=false on a basic disk that is not portable",
        setup: async (w, call) => {
          const run = await call("RunInstances", { ImageId: IMAGE, InstanceType: "ecs.g7.large", ZoneId: ZONE, SecurityGroupId: w.sg, SystemDisk: { Category: "cloud", Size: 40 } });
          const id = (run.body as any).InstanceIdSets?.InstanceIdSet?.[0] as string;
          const disks = await call("DescribeDisks", { InstanceId: id, DiskType: "system" });
          return { DiskId: (disks.body as any).Disks.Disk[0].DiskId as string, DiskName: undefined, DeleteWithInstance: false };
        },
        expect: { code: "DiskNotPortable", status: 403 },
      },
      { name: "an unknown disk", params: () => ({ DiskId: "d-nope" }), expect: diskNotFound },
    ],
  },

  DeleteDisk: {
    base: (w) => ({ DiskId: w.disk }),
    cases: [
      { name: "deletes an Available disk", expect: { ok: true } },
      { name: "a disk in use", params: (w) => ({ DiskId: w.runningDataDisk }), expect: { code: "IncorrectDiskStatus", status: 403 } },
      { name: "an unknown disk", params: () => ({ DiskId: "d-nope" }), expect: diskNotFound },
    ],
  },

  ReplaceSystemDisk: {
    base: (w) => ({ InstanceId: w.stopped, ImageId: IMAGE }),
    cases: [
      { name: "a new system disk", expect: { ok: true, check: (b) => expect(b.DiskId).toMatch(/^d-/) } },
      { name: "a Running instance", params: (w) => ({ InstanceId: w.running }), expect: { code: "IncorrectInstanceStatus", status: 403 } },
      { name: "an unknown image", params: () => ({ ImageId: "m-nope" }), expect: { code: "InvalidImageId.NotFound", status: 404 } },
      { name: "a weak password", params: () => ({ Password: "weak" }), expect: { code: "InvalidPassword.Malformed", status: 400 } },
      { name: "Password with PasswordInherit", params: () => ({ Password: "Abcdef12!", PasswordInherit: true }), expect: { code: "InvalidPasswordParam.Mismatch", status: 400 } },
      { name: "smaller than the image", params: () => ({ SystemDisk: { Size: 10 } }), expect: { code: "InvalidSystemDiskSize.LessThanImageSize", status: 404 } },
      { name: "above the category's maximum", params: () => ({ SystemDisk: { Size: 2049 } }), expect: { code: "InvalidSystemDiskSize.MoreThanMaxSize", status: 404 } },
      { name: "an unknown instance", params: () => ({ InstanceId: "i-nope" }), expect: { code: "InvalidInstanceId.NotFound", status: 404 } },
    ],
  },

  ResetDisk: {
    base: (w) => ({ DiskId: w.disk, SnapshotId: "s-nope" }),
    cases: [
      { name: "an Available disk: the snapshot is not found (the emulator has none)", ref: 14402, expect: { code: "InvalidSnapshotId.NotFound", status: 404 } },
      { name: "a disk of a Stopped instance: the snapshot is not found", ref: 14185, params: (w) => ({ DiskId: w.stoppedSystemDisk }), expect: { code: "InvalidSnapshotId.NotFound", status: 404 } },
      { name: "a disk of a Running instance", ref: 14264, params: (w) => ({ DiskId: w.runningDataDisk }), expect: { code: "IncorrectInstanceStatus", status: 403 } },
      { name: "a disk being created", ref: 14255, setup: async (w, _c, admin) => void admin.modifyResource("disk", w.disk, { status: "Creating" }), expect: { code: "IncorrectDiskStatus", status: 403 } },
      { name: "an unknown disk", ref: 14392, params: () => ({ DiskId: "d-nope" }), expect: diskNotFound },
    ],
  },
  ReInitDisk: {
    base: (w) => ({ DiskId: w.stoppedSystemDisk }),
    cases: [
      {
        name: "re-initializes the system disk of a Stopped instance (ReIniting → In_use)",
        ref: "today",
        expect: { ok: true, check: async (_b, w, call) => expect((await call("DescribeDisks", { DiskIds: jsonArray([w.stoppedSystemDisk]) })).body.Disks.Disk[0].Status).toBe("In_use") },
      },
      {
        name: "AutoStartInstance starts the instance afterwards",
        ref: "today",
        params: () => ({ AutoStartInstance: true }),
        expect: { ok: true, check: async (_b, w, call) => expect((await call("DescribeInstances", { InstanceIds: jsonArray([w.stopped]) })).body.Instances.Instance[0].Status).toBe("Running") },
      },
      {
        name: "with a key pair",
        ref: "today",
        params: (w) => ({ KeyPairName: w.keyPair }),
        expect: { ok: true, check: async (_b, w, call) => expect((await call("DescribeInstances", { InstanceIds: jsonArray([w.stopped]) })).body.Instances.Instance[0].KeyPairName).toBe(w.keyPair) },
      },
      { name: "with a new password", ref: "today", params: () => ({ Password: "Abcdef12!" }), expect: { ok: true } },
      { name: "a weak password", ref: "today", params: () => ({ Password: "password" }), expect: { code: "InvalidPassword.Malformed", status: 400 } },
      { name: "an unknown key pair", params: () => ({ KeyPairName: "nope" }), expect: { code: "InvalidKeyPairName.NotFound", status: 404 } },
      { name: "a disk of a Running instance", ref: "today", params: (w) => ({ DiskId: w.runningSystemDisk }), expect: { code: "IncorrectInstanceStatus", status: 403 } },
      { name: "an unattached disk", ref: "today", params: (w) => ({ DiskId: w.disk }), expect: { code: "IncorrectDiskStatus", status: 403 } },
      { name: "an unknown disk", params: () => ({ DiskId: "d-nope" }), expect: diskNotFound },
    ],
  },
};
