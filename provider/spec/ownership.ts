/** The tag every resource the provider creates carries (see provider/resources/common/identity.ts):
 *  key `pulumi:<project>/<stack>`, value the resource's name. The provider's own: it never shows
 *  among a program's tags, and it counts against ECS's 20. */
export const OWNER_TAG_PREFIX = "pulumi:";

export const isOwnerTag = (key: string): boolean => key.startsWith(OWNER_TAG_PREFIX);

export function withoutOwnerTag<T extends Record<string, unknown>>(tags: T): T {
  return Object.fromEntries(Object.entries(tags).filter(([k]) => !isOwnerTag(k))) as T;
}
