/** The bench's lower bound for whole-stack operations (bench/lib/minimum.ts). */
import { minimumMs } from "../../bench/lib/minimum";

const up = [{ action: "RunInstances", durationMs: 5000 }];

test("without an engine limit: the last call leaves at (N − burst) / rate, its transitions follow", () => {
  expect(minimumMs(300, up, { rate: 20, burst: 5, parallel: Infinity })).toBe(((300 - 5) / 20) * 1000 + 5000);
  expect(minimumMs(3, up, { rate: 20, burst: 5, parallel: Infinity })).toBe(5000);
  expect(minimumMs(0, up, { rate: 20, burst: 5, parallel: Infinity })).toBe(0);
});

test("--parallel caps the steps in flight: 300 five-second creates at 64 at a time take at least 5 waves' worth", () => {
  const capped = minimumMs(300, up, { rate: 20, burst: 5, parallel: 64 });
  expect(capped).toBeGreaterThanOrEqual((300 / 64) * 5000);
  expect(capped).toBeGreaterThan(minimumMs(300, up, { rate: 20, burst: 5, parallel: Infinity }));
  // With room for every step the engine limit changes nothing.
  expect(minimumMs(50, up, { rate: 20, burst: 5, parallel: 64 })).toBe(minimumMs(50, up, { rate: 20, burst: 5, parallel: Infinity }));
});

test("a second stage starts when its resource's first one ends; its own bucket paces it in step", () => {
  const withDisk = [...up, { action: "CreateDisk", durationMs: 3000 }];
  expect(minimumMs(300, withDisk, { rate: 20, burst: 5, parallel: Infinity })).toBe(((300 - 5) / 20) * 1000 + 8000);
});
