/** Idempotent creates.
 *
 *  The engine gives a dynamic provider's create() no URN, so the sdk classes add two hidden
 *  inputs: `__ecsName` (the resource name, for messages) and `__ecsScope` ("project/stack"). The
 *  create's ClientToken is clientToken(kind, scope, name, create parameters, salt):
 *
 *   - a retry inside one create (throttling, 503, dropped connection: the client re-sends the
 *     same parameters) reuses the token, so ECS returns the first result: one resource;
 *   - a crashed run re-run with the same program derives the same token: ECS returns the
 *     resource the crashed run created, which the new run adopts instead of making a second;
 *   - after a destroy, a create with the same inputs would get the same token and ECS would
 *     replay the deleted resource's id. The create then finds that id absent from Describe
 *     beyond the visibility grace period (a new resource is briefly invisible; a deleted one
 *     stays gone), and retries with the token salted by the burnt id. The chain of salts is
 *     derived from ids only, so it is deterministic: a crash in the middle replays it.
 *
 *  The cost is one grace period (stack config alicloud-ecs:visibilityGrace or
 *  ALICLOUD_ECS_VISIBILITY_GRACE_MS, default 20 s) per earlier destroyed generation of the same
 *  resource and inputs. The risk: a new resource invisible for longer than the grace period is
 *  taken for a destroyed one and created again; raise the grace period where ECS lags more. */
import { clientToken } from "../../client";
import { ResourceAbsentError } from "../../wait";

export interface HiddenInputs {
  __ecsName?: string;
  __ecsScope?: string;
}

export const HIDDEN_INPUTS = ["__ecsName", "__ecsScope"] as const;

/** The ClientToken of a create: identity + the ECS parameters of the create call + salt. */
export function createToken(kind: string, inputs: HiddenInputs, params: unknown, salt: readonly string[] = []): string {
  return clientToken(kind, inputs.__ecsScope ?? "", inputs.__ecsName ?? "", params, ...salt);
}

/** Most destroyed generations of one identity we walk past before giving up. */
const MAX_GENERATIONS = 10;

/** Runs a create with the ClientToken chain described above. `send` issues the create call
 *  with a token and returns the new id; `settle` waits for the resource to be ready (and throws
 *  ResourceAbsentError when the id stays absent). */
export async function createIdempotently<T>(
  kind: string,
  inputs: HiddenInputs,
  params: unknown,
  send: (token: string) => Promise<string>,
  settle: (id: string) => Promise<T>,
): Promise<T> {
  const salt: string[] = [];
  for (;;) {
    const id = await send(createToken(kind, inputs, params, salt));
    try {
      return await settle(id);
    } catch (err) {
      if (!(err instanceof ResourceAbsentError) || salt.length >= MAX_GENERATIONS) throw err;
      salt.push(id); // the token belonged to a destroyed resource: take the next one
    }
  }
}
