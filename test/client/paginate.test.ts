import { collectAll, EcsClient, pagesByNumber, pagesByToken } from "../../provider/client";
import { ok, startFakeEcs, type FakeEcs } from "./helpers/fakeEcs";

const ALL = Array.from({ length: 23 }, (_, i) => ({ InstanceId: `i-${i}` }));
type Page = { Instances: { Instance: { InstanceId: string }[] } };

describe("pagination against a local HTTP server", () => {
  let server: FakeEcs;
  let c: EcsClient;
  afterEach(async () => {
    await c?.close();
    await server?.close();
  });

  it("walks PageNumber/PageSize until TotalCount", async () => {
    server = await startFakeEcs((a) => {
      const n = Number(a.params.PageNumber);
      const size = Number(a.params.PageSize);
      return ok({ TotalCount: ALL.length, PageNumber: n, PageSize: size, Instances: { Instance: ALL.slice((n - 1) * size, n * size) } });
    });
    c = new EcsClient({ accessKeyId: "id", accessKeySecret: "test-secret", endpoint: server.url, env: {}, rateLimit: 0 });
    const items = await collectAll(pagesByNumber(c, "DescribeInstances", { RegionId: "cn-hangzhou" }, { pageSize: 10, items: (p) => (p as Page).Instances.Instance }));
    expect(items).toEqual(ALL);
    expect(server.arrivals.map((a) => a.params.PageNumber)).toEqual(["1", "2", "3"]);
    expect(server.arrivals.every((a) => a.params.RegionId === "cn-hangzhou")).toBe(true);
  });

  it("stops on an exactly full last page when TotalCount says so", async () => {
    server = await startFakeEcs((a) => ok({ TotalCount: 20, Instances: { Instance: ALL.slice((Number(a.params.PageNumber) - 1) * 10, Number(a.params.PageNumber) * 10) } }));
    c = new EcsClient({ accessKeyId: "id", accessKeySecret: "test-secret", endpoint: server.url, env: {}, rateLimit: 0 });
    const items = await collectAll(pagesByNumber(c, "DescribeInstances", {}, { pageSize: 10, items: (p) => (p as Page).Instances.Instance }));
    expect(items).toHaveLength(20);
    expect(server.arrivals).toHaveLength(2);
  });

  it("walks NextToken/MaxResults until no token comes back", async () => {
    server = await startFakeEcs((a) => {
      const start = a.params.NextToken ? Number(a.params.NextToken) : 0;
      const max = Number(a.params.MaxResults);
      const next = start + max < ALL.length ? String(start + max) : "";
      return ok({ NextToken: next, Instances: { Instance: ALL.slice(start, start + max) } });
    });
    c = new EcsClient({ accessKeyId: "id", accessKeySecret: "test-secret", endpoint: server.url, env: {}, rateLimit: 0 });
    const items = await collectAll(pagesByToken(c, "DescribeInstances", {}, { maxResults: 8, items: (p) => (p as Page).Instances.Instance }));
    expect(items).toEqual(ALL);
    expect(server.arrivals.map((a) => a.params.NextToken)).toEqual([undefined, "8", "16"]);
  });

  it("refuses to loop on a repeated NextToken", async () => {
    server = await startFakeEcs(() => ok({ NextToken: "same", Instances: { Instance: [] } }));
    c = new EcsClient({ accessKeyId: "id", accessKeySecret: "test-secret", endpoint: server.url, env: {}, rateLimit: 0 });
    await expect(collectAll(pagesByToken(c, "DescribeInstances", {}, { items: (p) => (p as Page).Instances.Instance }))).rejects.toThrow(/NextToken "same" twice/);
  });
});
