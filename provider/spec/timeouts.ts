/** Deadlines for waits. Pulumi's customTimeouts never reach a dynamic provider, so every resource
 *  takes a `timeouts` input ({ create, update, delete } as durations) with per-resource defaults
 *  (its spec's `timeouts`). */
export type Operation = "create" | "update" | "delete";
export type TimeoutDefaults = Readonly<Record<Operation, string>>;
export interface TimeoutsInput {
  create?: string;
  update?: string;
  delete?: string;
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const DURATION = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h))+$/;
/** The longest deadline we accept: a wait longer than a day is a typo. */
export const MAX_TIMEOUT_MS = 24 * 3_600_000;

/** "90s" → 90000, "10m" → 600000, "1h30m" → 5400000; undefined when malformed. */
export function parseDuration(text: string): number | undefined {
  const s = text.trim();
  if (!DURATION.test(s)) return undefined;
  let total = 0;
  for (const m of s.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)) total += Number(m[1]) * UNIT_MS[m[2]];
  return Math.round(total);
}

/** The reason a duration is refused, or undefined when it is fine. */
export function durationProblem(text: unknown): string | undefined {
  if (typeof text !== "string") return 'must be a duration string such as "90s", "10m" or "1h30m"';
  const ms = parseDuration(text);
  if (ms === undefined) return `must be a duration such as "90s", "10m" or "1h30m" (got ${JSON.stringify(text)})`;
  if (ms <= 0) return "must be longer than 0";
  if (ms > MAX_TIMEOUT_MS) return "must be at most 24h";
  return undefined;
}

/** Milliseconds allowed for an operation: the input when valid, else the resource's default. */
export function timeoutMs(op: Operation, input: TimeoutsInput | undefined, defaults: TimeoutDefaults): number {
  const given = input?.[op];
  const ms = typeof given === "string" ? parseDuration(given) : undefined;
  return ms && ms > 0 ? ms : (parseDuration(defaults[op]) as number);
}
