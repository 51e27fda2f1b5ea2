import { signV1, stringToSignV1 } from "../../provider/client/signing";
import { flattenParams, jsonArray } from "../../provider/client/params";

describe("V1 signature (reference §4.4 worked example)", () => {
  const params = {
    Timestamp: "2016-02-23T12:46:24Z",
    Format: "XML",
    AccessKeyId: "testid",
    Action: "DescribeRegions",
    SignatureMethod: "HMAC-SHA1",
    SignatureNonce: "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf",
    Version: "2014-05-26",
    SignatureVersion: "1.0",
  };
  it("builds the documented string to sign", () => {
    expect(stringToSignV1("GET", params)).toBe(
      "GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions%26Format%3DXML%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf%26SignatureVersion%3D1.0%26Timestamp%3D2016-02-23T12%253A46%253A24Z%26Version%3D2014-05-26",
    );
  });
  it("produces the documented signature", () => {
    expect(signV1("GET", params, "testsecret")).toBe("OLeaidS1JvxuMvnyHOwuJ+uX5qY=");
  });
});

describe("flattenParams", () => {
  it("flattens nested objects, 1-based lists and JSON arrays", () => {
    expect(
      flattenParams({
        RegionId: "cn-hangzhou",
        SystemDisk: { Category: "cloud_essd", Size: 40 },
        DataDisk: [{ Size: 20 }, { Size: 30, DeleteWithInstance: true }],
        Tag: [{ Key: "a", Value: "b" }],
        SecurityGroupIds: ["sg-1", "sg-2"],
        InstanceIds: jsonArray(["i-1", "i-2"]),
        Skip: undefined,
      }),
    ).toEqual({
      RegionId: "cn-hangzhou",
      "SystemDisk.Category": "cloud_essd",
      "SystemDisk.Size": "40",
      "DataDisk.1.Size": "20",
      "DataDisk.2.Size": "30",
      "DataDisk.2.DeleteWithInstance": "true",
      "Tag.1.Key": "a",
      "Tag.1.Value": "b",
      "SecurityGroupIds.1": "sg-1",
      "SecurityGroupIds.2": "sg-2",
      InstanceIds: '["i-1","i-2"]',
    });
  });
});
