/** The contract checker itself: it must catch what it is there to catch (a check that cannot fail is a defect). */
import { fieldPaths, valueClass } from "../../emulator/protocol/contractLog";
import { checkParam, checkRead, checkResponseField, normaliseParam } from "./check";
import { declaredParams, requestShape, responseShape, sdkActions } from "./sdkModels";

describe("today's API, from the official SDK's models", () => {
  it("knows today's actions and not the 2019 names that were renamed", () => {
    expect(sdkActions().has("RunInstances")).toBe(true);
    expect(sdkActions().has("ModifyDeploymentSetAttribute")).toBe(true);
    expect(sdkActions().has("ModifyDeploymentSetAttributes")).toBe(false);
    expect(sdkActions().size).toBeGreaterThan(300);
  });

  it("expands repeat lists and nested models into wire names", () => {
    const names = declaredParams(requestShape("RunInstances")!).map((p) => p.name);
    expect(names).toEqual(expect.arrayContaining(["Tag.N.Key", "DataDisk.N.Size", "SystemDisk.Category", "SecurityGroupIds.N", "NetworkInterface.N.SecurityGroupIds.N"]));
    const auth = declaredParams(requestShape("AuthorizeSecurityGroup")!).map((p) => p.name);
    expect(auth).toEqual(expect.arrayContaining(["Permissions.N.IpProtocol", "Permissions.N.PortRange"]));
  });

  it("finds models whose file name differs in case from the action", () => {
    expect(responseShape("DescribeVSwitches")).toBeDefined();
  });
});

describe("request parameters", () => {
  it("accepts declared parameters with values of the declared type", () => {
    expect(checkParam("RunInstances", "DataDisk.2.Size", "int")).toBeUndefined();
    expect(checkParam("RunInstances", "Tag.1.Key", "string")).toBeUndefined();
    expect(checkParam("RunInstances", "DeletionProtection", "bool")).toBeUndefined();
    expect(checkParam("DescribeInstances", "InstanceIds", "json-array")).toBeUndefined();
    expect(checkParam("AuthorizeSecurityGroup", "Permissions.3.PortRange", "string")).toBeUndefined();
  });

  it("reports an action today's API does not have", () => {
    expect(checkParam("ModifyDeploymentSetAttributes", "DeploymentSetId", "string")?.problem).toMatch(/does not exist/);
  });

  it("reports undeclared parameters, naming them with .N", () => {
    expect(checkParam("CreateDeploymentSet", "DeploymentStrategy", "string")).toMatchObject({ name: "DeploymentStrategy", key: "request CreateDeploymentSet DeploymentStrategy" });
    expect(checkParam("ModifyDeploymentSetAttributes", "DeploymentSetId", "string")?.key).toBe("request ModifyDeploymentSetAttributes");
    expect(checkParam("RunInstances", "DataDisk.4.Bogus", "string")).toMatchObject({ name: "DataDisk.N.Bogus" });
  });

  it("reports the wrong list form: RepeatList items for a JSON-array parameter and a JSON array for a RepeatList", () => {
    expect(checkParam("DescribeInstances", "InstanceIds.1", "string")?.problem).toMatch(/single string/);
    expect(checkParam("RunInstances", "SecurityGroupIds", "json-array")?.problem).toMatch(/JSON array/);
    expect(checkParam("RunInstances", "DataDisk.x.Size", "int")?.problem).toMatch(/repeat list/);
  });

  it("reports values of the wrong type", () => {
    expect(checkParam("RunInstances", "Amount", "string")?.problem).toMatch(/declared number/);
    expect(checkParam("RunInstances", "DeletionProtection", "int")?.problem).toMatch(/declared boolean/);
  });

  it("classifies wire values", () => {
    expect(["", "12", "-3", "1.5", "true", '["a"]', '{"a":1}', "[x", "abc"].map(valueClass)).toEqual(["empty", "int", "int", "number", "bool", "json-array", "json-object", "string", "string"]);
    expect(normaliseParam("NetworkInterface.2.SecurityGroupIds.10")).toBe("NetworkInterface.N.SecurityGroupIds.N");
  });
});

describe("answer fields", () => {
  it("accepts declared fields of the declared type, lists in their wrappers", () => {
    const paths = fieldPaths({ RequestId: "x", TotalCount: 1, Instances: { Instance: [{ InstanceId: "i-1", DeletionProtection: true, VpcAttributes: { PrivateIpAddress: { IpAddress: ["10.0.0.1"] } } }] } });
    const problems = [...paths].map(([p, t]) => checkResponseField("DescribeInstances", p, t)).filter(Boolean);
    expect(problems).toEqual([]);
  });

  it("reports undeclared fields, wrong scalar types and lists outside their wrappers", () => {
    expect(checkResponseField("DescribeKeyPairs", "RegionId", "string")?.problem).toMatch(/not declared/);
    expect(checkResponseField("DescribeInstances", "TotalCount", "string")?.problem).toMatch(/rendered as string, declared number/);
    expect(checkResponseField("DescribeInstances", "Instances.Instance[].DeletionProtection", "string")?.problem).toMatch(/declared boolean/);
    expect(checkResponseField("DescribeInstances", "Instances", "array")?.problem).toMatch(/declared an object/);
    expect(checkResponseField("DescribeInstances", "Instances.Instance", "object")?.problem).toMatch(/declared a list/);
    const flat = [...fieldPaths({ LaunchTemplateVersionSets: { LaunchTemplateVersionSet: [{ LaunchTemplateData: { "SystemDisk.Category": "cloud_essd" } }] } })];
    const flatKey = flat.find(([p]) => p.endsWith("SystemDisk·Category"))!;
    expect(checkResponseField("DescribeLaunchTemplateVersions", flatKey[0], "string")?.problem).toMatch(/not declared/);
  });

  it("reports provider reads of fields today's answer does not have", () => {
    expect(checkRead("DescribeDisks", "Disks.Disk[].SourceSnapshotId")).toBeUndefined();
    expect(checkRead("DescribeDisks", "Disks.Disk[].SnapshotId")?.problem).toMatch(/not declared/);
  });
});
