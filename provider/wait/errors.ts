/** Why a wait ended without reaching its target. Both name the resource, its last status and
 *  the status awaited, so the user knows what to look at. */
export class WaitTimeoutError extends Error {
  constructor(
    readonly label: string,
    readonly id: string,
    readonly current: string,
    readonly awaited: string,
    readonly waitedMs: number,
    readonly lastError?: Error,
  ) {
    super(
      `${label} (${id}) did not reach ${awaited} within ${Math.round(waitedMs / 1000)}s: it is ${current}` +
        `${lastError ? ` (last Describe error: ${lastError.message})` : ""}. ` +
        `Raise the resource's timeouts input if it needs longer.`,
    );
    this.name = "WaitTimeoutError";
  }
}

/** The resource stayed absent from Describe longer than the visibility grace period. */
export class ResourceAbsentError extends Error {
  constructor(
    readonly label: string,
    readonly id: string,
    readonly awaited: string,
  ) {
    super(`${label} (${id}) no longer exists (absent from Describe) while waiting for ${awaited}`);
    this.name = "ResourceAbsentError";
  }
}
