/** The client the client tests build against a fake ECS server (fast retries, no rate limit, no
 *  environment), and the per-test cleanup their suites share. */
import { EcsClient } from "../../../provider/client";
import type { FakeEcs } from "./fakeEcs";

/** The secret startFakeEcs verifies signatures with by default. */
export const TEST_SECRET = "test-secret";

export function testClient(server: FakeEcs, extra: ConstructorParameters<typeof EcsClient>[0] = {}): EcsClient {
  return new EcsClient({
    accessKeyId: "test-id",
    accessKeySecret: TEST_SECRET,
    endpoint: server.url,
    env: {},
    rateLimit: 0,
    retryBaseDelayMs: 5,
    retryMaxDelayMs: 20,
    ...extra,
  });
}

/** Closes what the getters return (clients first, then servers) after each test of the suite. */
export function closeAfterEach(...getters: Array<() => { close(): Promise<void> } | undefined>): void {
  afterEach(async () => {
    for (const get of getters) await get()?.close();
  });
}
