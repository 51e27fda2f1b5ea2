/** Debug lines on stderr when ALIBABA_CLOUD_ECS_DEBUG=1 (or true). Callers pass only safe
 * fields: action, status, duration, RequestId, retry reason; never credentials or signatures. */
export function debugEnabled(env: Readonly<Record<string, string | undefined>> = process.env): boolean {
  const v = env.ALIBABA_CLOUD_ECS_DEBUG;
  return v === "1" || v === "true";
}

export type DebugFields = Record<string, string | number | boolean | undefined>;

export function debugLine(event: string, fields: DebugFields): string {
  const parts = Object.entries(fields)
    .filter(([, v]) => v !== undefined && v !== "")
    .map(([k, v]) => `${k}=${typeof v === "string" && /\s/.test(v) ? JSON.stringify(v) : String(v)}`);
  return `[alicloud-ecs] ${event} ${parts.join(" ")}\n`;
}

export function writeDebug(event: string, fields: DebugFields): void {
  process.stderr.write(debugLine(event, fields));
}
