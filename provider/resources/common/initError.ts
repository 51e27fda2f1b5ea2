/** Thrown by create when the resource exists but did not become ready: the engine records it
 *  (ErrorResourceInitFailed) instead of losing track of it, and the next up updates it. */
export class ResourceInitError extends Error {
  readonly id: string;
  readonly properties: Record<string, unknown>;
  constructor(id: string, properties: Record<string, unknown>, cause: Error) {
    super(cause.message, { cause });
    this.name = "ResourceInitError";
    this.id = id;
    this.properties = properties;
  }
  get reasons(): string[] {
    return [this.message];
  }
}

/** A failure of a create whose resource exists (`id`): as a ResourceInitError for the engine to
 *  record, unless it already is one. */
export function initErrorFor(id: string, err: unknown): ResourceInitError {
  return err instanceof ResourceInitError ? err : new ResourceInitError(id, {}, err instanceof Error ? err : new Error(String(err)));
}
