/** Launch template actions over real signed HTTP: versions, default-version rules and limits. */
import { USER_DATA } from "../../provider/spec/limits";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Params } from "../../provider/client/params";
import { startEmulator } from "../../emulator";
import { callV1, regionSuite } from "./helpers";

const REGION = "cn-hangzhou";
const suite = regionSuite(REGION);
const { call, ok, fails } = suite;

const versions = async (params: Params) =>
  (await ok("DescribeLaunchTemplateVersions", { PageSize: 50, ...params })).LaunchTemplateVersionSets.LaunchTemplateVersionSet as Array<Record<string, any>>;

describe("CreateLaunchTemplate / DescribeLaunchTemplates", () => {
  it("creates version 1 as the default and reads its data back in the reference's shape", async () => {
    const created = await ok("CreateLaunchTemplate", {
      LaunchTemplateName: "web-template",
      VersionDescription: "first cut",
      ImageId: "aliyun_3_x64_20G_alibase_20240528.vhd",
      InstanceType: "ecs.g7.large",
      SystemDisk: { Category: "cloud_essd", Size: 40 },
      DataDisk: [{ Category: "cloud_essd", Size: 100, DeleteWithInstance: true }],
      SecurityGroupIds: ["sg-a", "sg-b"],
      InternetMaxBandwidthOut: 5,
      Tag: [{ Key: "role", Value: "web" }],
      TemplateTag: [{ Key: "owner", Value: "ops" }],
    });
    expect(created.LaunchTemplateId).toMatch(/^lt-[0-9a-z]{20}$/);
    expect(created.LaunchTemplateVersionNumber).toBe(1);

    const list = await ok("DescribeLaunchTemplates", { LaunchTemplateName: ["web-template"] });
    expect(list.TotalCount).toBe(1);
    expect(list.LaunchTemplateSets.LaunchTemplateSet[0]).toMatchObject({
      LaunchTemplateId: created.LaunchTemplateId,
      LaunchTemplateName: "web-template",
      DefaultVersionNumber: 1,
      LatestVersionNumber: 1,
      Tags: { Tag: [{ TagKey: "owner", TagValue: "ops" }] },
    });

    const [v1] = await versions({ LaunchTemplateId: created.LaunchTemplateId });
    expect(v1).toMatchObject({ VersionNumber: 1, DefaultVersion: true, VersionDescription: "first cut", LaunchTemplateName: "web-template" });
    expect(v1!.LaunchTemplateData).toMatchObject({
      ImageId: "aliyun_3_x64_20G_alibase_20240528.vhd",
      InstanceType: "ecs.g7.large",
      SystemDisk: { Category: "cloud_essd", Size: 40 },
      InternetMaxBandwidthOut: 5,
      DataDisks: { DataDisk: [{ Category: "cloud_essd", Size: 100, DeleteWithInstance: true }] },
      SecurityGroupIds: { SecurityGroupId: ["sg-a", "sg-b"] },
      Tags: { InstanceTag: [{ Key: "role", Value: "web" }] },
    });
    // Today's API nests the system disk; the 2019 reference's flat "SystemDisk.Category" is not rendered.
    expect(v1!.LaunchTemplateData).not.toHaveProperty(["SystemDisk.Category"]);
  });

  it("checks the name, description, user data and uniqueness", async () => {
    await fails("CreateLaunchTemplate", {}, "MissingParameter", 400);
    await fails("CreateLaunchTemplate", { LaunchTemplateName: "1st" }, "InvalidLaunchTemplateName.Malformed", 400);
    await fails("CreateLaunchTemplate", { LaunchTemplateName: "ok-name", VersionDescription: "http://x" }, "InvalidDescription.Malformed", 400);
    await fails("CreateLaunchTemplate", { LaunchTemplateName: "ok-name", UserData: "not base64!" }, "InvalidUserData.Base64FormatInvalid", 400);
    const big = Buffer.alloc(USER_DATA.maxBytes + 1, "a").toString("base64"); // 32 KiB today (the 2019 text: 16 KB)
    // Too big for a query string: sent as a POST form body, as clients do with large user data.
    const res = await callV1(suite.emu.url, "CreateLaunchTemplate", { RegionId: REGION, LaunchTemplateName: "ok-name", UserData: big }, { method: "POST", formBody: true });
    expect({ status: res.status, code: res.body.Code }).toEqual({ status: 400, code: "InvalidUserData.SizeExceeded" });
    await fails("CreateLaunchTemplate", { LaunchTemplateName: "ok-name", Tag: [{ Key: "aliyun-x", Value: "v" }] }, "InvalidTagKey.Malformed", 400);
    await ok("CreateLaunchTemplate", { LaunchTemplateName: "ok-name", UserData: Buffer.from("#!/bin/sh\necho hi").toString("base64") });
    await fails("CreateLaunchTemplate", { LaunchTemplateName: "ok-name" }, "LaunchTemplateName.Duplicated", 403);
  });

  it("allows 30 templates per region", async () => {
    await Promise.all(Array.from({ length: 30 }, (_, i) => ok("CreateLaunchTemplate", { LaunchTemplateName: `t${i}` })));
    await fails("CreateLaunchTemplate", { LaunchTemplateName: "t30" }, "LaunchTemplateLimitExceed", 403);
    const page = await ok("DescribeLaunchTemplates", { PageSize: 50 });
    expect(page.TotalCount).toBe(30);
    await fails("DescribeLaunchTemplates", { PageSize: 51 }, "InvalidParameter", 400);
  });
});

describe("versions", () => {
  let id: string;
  beforeEach(async () => {
    id = (await ok("CreateLaunchTemplate", { LaunchTemplateName: "app", InstanceType: "ecs.g7.large" })).LaunchTemplateId;
  });

  it("numbers new versions, found by id or by name, without changing the default", async () => {
    expect((await ok("CreateLaunchTemplateVersion", { LaunchTemplateId: id, InstanceType: "ecs.g7.xlarge" })).LaunchTemplateVersionNumber).toBe(2);
    expect((await ok("CreateLaunchTemplateVersion", { LaunchTemplateName: "app", InstanceType: "ecs.c7.large", VersionDescription: "v3" })).LaunchTemplateVersionNumber).toBe(3);
    const t = (await ok("DescribeLaunchTemplates", { LaunchTemplateId: [id] })).LaunchTemplateSets.LaunchTemplateSet[0];
    expect(t).toMatchObject({ DefaultVersionNumber: 1, LatestVersionNumber: 3 });
    expect((await versions({ LaunchTemplateId: id })).map((v) => [v.VersionNumber, v.DefaultVersion, v.LaunchTemplateData.InstanceType])).toEqual([
      [3, false, "ecs.c7.large"],
      [2, false, "ecs.g7.xlarge"],
      [1, true, "ecs.g7.large"],
    ]);
    await fails("CreateLaunchTemplateVersion", { LaunchTemplateId: "lt-nothere" }, "InvalidLaunchTemplate.NotFound", 400);
    await fails("CreateLaunchTemplateVersion", { InstanceType: "ecs.g7.large" }, "MissingParameter", 400);
  });

  it("filters versions by number, range, default flag and detail flag, and pages", async () => {
    for (let i = 0; i < 4; i++) await ok("CreateLaunchTemplateVersion", { LaunchTemplateId: id, HostName: `h${i}` });
    expect((await versions({ LaunchTemplateId: id, LaunchTemplateVersion: [2, 4] })).map((v) => v.VersionNumber)).toEqual([4, 2]);
    expect((await versions({ LaunchTemplateId: id, MinVersion: 2, MaxVersion: 3 })).map((v) => v.VersionNumber)).toEqual([3, 2]);
    expect((await versions({ LaunchTemplateId: id, DefaultVersion: true })).map((v) => v.VersionNumber)).toEqual([1]);
    const brief = await versions({ LaunchTemplateId: id, DetailFlag: false });
    expect(brief).toHaveLength(5);
    expect(brief[0]).not.toHaveProperty("LaunchTemplateData");
    const page = await ok("DescribeLaunchTemplateVersions", { LaunchTemplateName: "app", PageSize: 2, PageNumber: 3 });
    expect(page).toMatchObject({ TotalCount: 5, PageNumber: 3, PageSize: 2 });
    expect(page.LaunchTemplateVersionSets.LaunchTemplateVersionSet.map((v: { VersionNumber: number }) => v.VersionNumber)).toEqual([1]);
    await fails("DescribeLaunchTemplateVersions", { LaunchTemplateName: "nope" }, "InvalidLaunchTemplate.NotFound", 400);
  });

  it("changes the default version only to one that exists", async () => {
    await ok("CreateLaunchTemplateVersion", { LaunchTemplateId: id });
    await ok("ModifyLaunchTemplateDefaultVersion", { LaunchTemplateId: id, DefaultVersionNumber: 2 });
    expect((await versions({ LaunchTemplateId: id, DefaultVersion: true })).map((v) => v.VersionNumber)).toEqual([2]);
    await fails("ModifyLaunchTemplateDefaultVersion", { LaunchTemplateId: id, DefaultVersionNumber: 9 }, "InvalidLaunchTemplateVersion.NotFound", 400);
    await fails("ModifyLaunchTemplateDefaultVersion", { LaunchTemplateId: id }, "MissingParameter", 400);
  });

  it("protects the default version and never reuses a deleted version's number", async () => {
    await ok("CreateLaunchTemplateVersion", { LaunchTemplateId: id });
    await ok("CreateLaunchTemplateVersion", { LaunchTemplateId: id });
    await fails("DeleteLaunchTemplateVersion", { LaunchTemplateId: id, DeleteVersion: [1] }, "InvalidOperation.DeleteDefaultVersion", 403);
    // All or nothing: 3 is not deleted because 1 is the default.
    await fails("DeleteLaunchTemplateVersion", { LaunchTemplateId: id, DeleteVersion: [3, 1] }, "InvalidOperation.DeleteDefaultVersion", 403);
    await fails("DeleteLaunchTemplateVersion", { LaunchTemplateId: id, DeleteVersion: [7] }, "InvalidLaunchTemplateVersion.NotFound", 400);
    await ok("DeleteLaunchTemplateVersion", { LaunchTemplateId: id, DeleteVersion: [3] });
    expect((await ok("DescribeLaunchTemplates", { LaunchTemplateId: [id] })).LaunchTemplateSets.LaunchTemplateSet[0].LatestVersionNumber).toBe(2);
    expect((await ok("CreateLaunchTemplateVersion", { LaunchTemplateId: id })).LaunchTemplateVersionNumber).toBe(4);
    expect((await versions({ LaunchTemplateId: id })).map((v) => v.VersionNumber)).toEqual([4, 2, 1]);
  });

  it("allows 30 versions per template", async () => {
    for (let i = 2; i <= 30; i++) await ok("CreateLaunchTemplateVersion", { LaunchTemplateId: id });
    await fails("CreateLaunchTemplateVersion", { LaunchTemplateId: id }, "LaunchTemplateVersionLimitExceed", 403);
    await ok("DeleteLaunchTemplateVersion", { LaunchTemplateId: id, DeleteVersion: [2] });
    expect((await ok("CreateLaunchTemplateVersion", { LaunchTemplateId: id })).LaunchTemplateVersionNumber).toBe(31);
  });

  it("deletes the whole template, default version included", async () => {
    await ok("CreateLaunchTemplateVersion", { LaunchTemplateId: id });
    const res = await ok("DeleteLaunchTemplate", { LaunchTemplateName: "app" });
    expect(res.LaunchTemplateId).toBe(id);
    expect(res.LaunchTemplateVersionNumbers.versionNumbers).toEqual([1, 2]);
    expect((await ok("DescribeLaunchTemplates", {})).TotalCount).toBe(0);
    await fails("DeleteLaunchTemplate", { LaunchTemplateId: id }, "InvalidLaunchTemplate.NotFound", 400);
  });
});

describe("persistence", () => {
  it("keeps templates, versions and the default across a restart", async () => {
    const dir = mkdtempSync(join(tmpdir(), "lt-state-"));
    const stateFile = join(dir, "state.json");
    try {
      const first = await startEmulator({ clock: "manual", stateFile });
      const call1 = (action: string, params: Params) => callV1(first.url, action, { RegionId: REGION, ...params });
      const id = (await call1("CreateLaunchTemplate", { LaunchTemplateName: "kept", ImageId: "img-1" })).body.LaunchTemplateId;
      await call1("CreateLaunchTemplateVersion", { LaunchTemplateId: id, ImageId: "img-2" });
      await call1("CreateLaunchTemplateVersion", { LaunchTemplateId: id, ImageId: "img-3" });
      await call1("DeleteLaunchTemplateVersion", { LaunchTemplateId: id, DeleteVersion: [3] });
      await call1("ModifyLaunchTemplateDefaultVersion", { LaunchTemplateId: id, DefaultVersionNumber: 2 });
      await first.close();

      const second = await startEmulator({ clock: "manual", stateFile });
      try {
        const call2 = (action: string, params: Params) => callV1(second.url, action, { RegionId: REGION, ...params });
        const sets = (await call2("DescribeLaunchTemplateVersions", { LaunchTemplateId: id })).body.LaunchTemplateVersionSets.LaunchTemplateVersionSet;
        expect(sets.map((v: { VersionNumber: number; DefaultVersion: boolean; LaunchTemplateData: { ImageId: string } }) => [v.VersionNumber, v.DefaultVersion, v.LaunchTemplateData.ImageId])).toEqual([
          [2, true, "img-2"],
          [1, false, "img-1"],
        ]);
        // The deleted number 3 stays used after the restart.
        expect((await call2("CreateLaunchTemplateVersion", { LaunchTemplateId: id })).body.LaunchTemplateVersionNumber).toBe(4);
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
