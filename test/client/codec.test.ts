import { decodeResponse, isPluralOf, normaliseLists, parseXml, retryAfterMs } from "../../provider/client/codec";
import { EcsError } from "../../provider/client/errors";
import type { HttpResponse } from "../../provider/client/transport";

const res = (status: number, body: string, type = "application/json", extra: Record<string, string> = {}): HttpResponse => ({
  status,
  body,
  headers: { "content-type": type, ...extra },
});

describe("JSON decoding", () => {
  it("returns the object with list wrappers as arrays", () => {
    const out = decodeResponse(
      "DescribeInstances",
      res(200, JSON.stringify({ RequestId: "r", Instances: { Instance: [{ InstanceId: "i-1", PublicIpAddress: { IpAddress: "1.2.3.4" } }] } })),
    );
    expect(out).toEqual({ RequestId: "r", Instances: { Instance: [{ InstanceId: "i-1", PublicIpAddress: { IpAddress: ["1.2.3.4"] } }] } });
  });

  it("turns an error body into an EcsError", () => {
    const body = { RequestId: "6F0F", HostId: "ecs.aliyuncs.com", Code: "Throttling.User", Message: "Request was denied due to user flow control.", Recommend: "https://api.aliyun.com/troubleshoot?q=Throttling.User" };
    let err: unknown;
    try {
      decodeResponse("DescribeInstances", res(400, JSON.stringify(body), "application/json", { "x-acs-retry-after": "1200" }));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(EcsError);
    expect(err).toMatchObject({
      action: "DescribeInstances",
      httpStatus: 400,
      code: "Throttling.User",
      ecsMessage: "Request was denied due to user flow control.",
      requestId: "6F0F",
      hostId: "ecs.aliyuncs.com",
      recommend: "https://api.aliyun.com/troubleshoot?q=Throttling.User",
      retryAfterMs: 1200,
    });
    expect((err as Error).message).toBe(
      "ECS DescribeInstances failed: Throttling.User (HTTP 400): Request was denied due to user flow control. RequestId: 6F0F. See https://api.aliyun.com/troubleshoot?q=Throttling.User",
    );
  });

  it("describes a non-JSON error page (a proxy's 502) without crashing", () => {
    expect(() => decodeResponse("DescribeRegions", res(502, "<html>Bad Gateway</html>", "text/html"))).toThrow(
      /ECS DescribeRegions failed: (ServiceUnavailable|HTTP502) \(HTTP 502\)/,
    );
    expect(() => decodeResponse("DescribeRegions", res(200, "not json", "text/plain"))).toThrow(/InvalidResponse/);
  });

  it("redacts given secrets from server messages", () => {
    expect(() =>
      decodeResponse("X", res(400, JSON.stringify({ Code: "SignatureDoesNotMatch", Message: "string to sign was ... key s3cr3t-value" })), ["s3cr3t-value"]),
    ).toThrow(/key \*\*\*/);
  });
});

describe("XML decoding", () => {
  it("drops the root, keeps scalars typed like JSON, and makes one-item lists arrays", () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<DescribeRegionsResponse>
  <RequestId>r-1</RequestId>
  <Regions><Region><RegionId>cn-qingdao</RegionId><LocalName>Qingdao</LocalName></Region></Regions>
</DescribeRegionsResponse>`;
    expect(decodeResponse("DescribeRegions", res(200, xml, "text/xml;charset=utf-8"))).toEqual({
      RequestId: "r-1",
      Regions: { Region: [{ RegionId: "cn-qingdao", LocalName: "Qingdao" }] },
    });
  });

  it("produces the same object as JSON for the same answer", () => {
    const json = {
      RequestId: "r",
      TotalCount: 2,
      PageNumber: 1,
      Instances: {
        Instance: [
          { InstanceId: "i-1", Cpu: 2, IoOptimized: true, SecurityGroupIds: { SecurityGroupId: ["sg-1"] }, Tags: { Tag: [{ TagKey: "a", TagValue: "0123" }] }, OperationLocks: { LockReason: [] } },
          { InstanceId: "i-2", Cpu: 4, IoOptimized: false, SecurityGroupIds: { SecurityGroupId: ["sg-1", "sg-2"] }, Tags: { Tag: [] }, OperationLocks: { LockReason: [] } },
        ],
      },
    };
    const xml = `<DescribeInstancesResponse><RequestId>r</RequestId><TotalCount>2</TotalCount><PageNumber>1</PageNumber><Instances>
<Instance><InstanceId>i-1</InstanceId><Cpu>2</Cpu><IoOptimized>true</IoOptimized><SecurityGroupIds><SecurityGroupId>sg-1</SecurityGroupId></SecurityGroupIds><Tags><Tag><TagKey>a</TagKey><TagValue>0123</TagValue></Tag></Tags><OperationLocks/></Instance>
<Instance><InstanceId>i-2</InstanceId><Cpu>4</Cpu><IoOptimized>false</IoOptimized><SecurityGroupIds><SecurityGroupId>sg-1</SecurityGroupId><SecurityGroupId>sg-2</SecurityGroupId></SecurityGroupIds><Tags></Tags><OperationLocks></OperationLocks></Instance>
</Instances></DescribeInstancesResponse>`;
    expect(decodeResponse("DescribeInstances", res(200, xml, "text/xml"))).toEqual(decodeResponse("DescribeInstances", res(200, JSON.stringify(json))));
  });

  it("makes an empty list an empty array", () => {
    const xml = "<DescribeInstancesResponse><RequestId>r</RequestId><TotalCount>0</TotalCount><Instances/></DescribeInstancesResponse>";
    expect(decodeResponse("DescribeInstances", res(200, xml, "text/xml"))).toEqual({ RequestId: "r", TotalCount: 0, Instances: { Instance: [] } });
  });

  it("recognises XML by its body when the content type says nothing", () => {
    expect(decodeResponse("X", res(200, "<XResponse><RequestId>r</RequestId></XResponse>", ""))).toEqual({ RequestId: "r" });
  });

  it("reads an <Error> document", () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?><Error><RequestId>540CFF28</RequestId><HostId>ecs.aliyuncs.com</HostId><Code>MissingParameter.CommandId</Code><Message>The input parameter "CommandId" that is required for processing this request is not supplied.</Message></Error>`;
    expect(() => decodeResponse("InvokeCommand", res(400, xml, "text/xml;charset=utf-8"))).toThrow(
      'ECS InvokeCommand failed: MissingParameter.CommandId (HTTP 400): The input parameter "CommandId" that is required for processing this request is not supplied. RequestId: 540CFF28.',
    );
  });

  it("keeps IDs that look numeric as written when they have leading zeros", () => {
    expect(parseXml("<R><A>007</A><B>1e5</B><C>0x1F</C></R>")).toEqual({ A: "007", B: "1e5", C: "0x1F" });
  });
});

describe("list normalisation rules", () => {
  it("knows plural forms", () => {
    expect(isPluralOf("Instances", "Instance")).toBe(true);
    expect(isPluralOf("InstanceStatuses", "InstanceStatus")).toBe(true);
    expect(isPluralOf("Policies", "Policy")).toBe(true);
    expect(isPluralOf("EipAddress", "IpAddress")).toBe(false);
  });

  it("applies the generic rule to wrappers it has never seen, and leaves structs alone", () => {
    expect(normaliseLists({ Widgets: { Widget: { Id: 1 } }, EipAddress: { IpAddress: "1.1.1.1" }, Status: "" })).toEqual({
      Widgets: { Widget: [{ Id: 1 }] },
      EipAddress: { IpAddress: "1.1.1.1" },
      Status: "",
    });
  });

  it("does not mistake inherited names (constructor, toString) for wrappers", () => {
    expect(normaliseLists({ constructor: "", toString: { x: 1 } })).toEqual({ constructor: "", toString: { x: 1 } });
  });

  it("normalises nested wrappers inside arrays", () => {
    expect(normaliseLists({ Zones: { Zone: { ZoneId: "z", AvailableDiskCategories: { DiskCategories: "cloud" } } } })).toEqual({
      Zones: { Zone: [{ ZoneId: "z", AvailableDiskCategories: { DiskCategories: ["cloud"] } }] },
    });
  });

  it("reads x-acs-retry-after as milliseconds", () => {
    expect(retryAfterMs({ "x-acs-retry-after": "250" })).toBe(250);
    expect(retryAfterMs({ "x-acs-retry-after": "soon" })).toBeUndefined();
    expect(retryAfterMs({})).toBeUndefined();
  });
});
