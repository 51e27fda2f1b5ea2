/** Key pairs read in batches (the kind's poll describe, which reads use): they have no status, so
 *  "Available" means "listed by DescribeKeyPairs", with the record.
 *
 *  DescribeKeyPairs takes one KeyPairName (a pattern where `*` matches anything), not a list. So a
 *  batch of names is read as one listing of their common prefix (`web-key-*` for web-key-1 …
 *  web-key-40, 50 per page): a complete listing also proves the absence of a name it lacks. When
 *  the names share no usable prefix, or the listing would take more pages than there are names
 *  left, the rest are asked for one by one: the floor is then one call per key pair. */
import type { EcsClient } from "../../client";
import type { PollResult } from "../../wait";

const AVAILABLE = "Available";
const PAGE = 50; // DescribeKeyPairs' largest page

interface KeyPairItem {
  KeyPairName: string;
  KeyPairFingerPrint: string;
  Tags?: unknown;
}

interface KeyPairsAnswer {
  TotalCount?: number | string;
  KeyPairs?: { KeyPair?: KeyPairItem[] };
}

/** Characters that mean themselves in a KeyPairName pattern (a prefix with others is not used). */
const LITERAL = /^[A-Za-z0-9_:-]+$/;

function commonPrefix(names: readonly string[]): string {
  let prefix = names[0] ?? "";
  for (const n of names) while (!n.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix;
}

/** One batch of names: the record of each name that exists. */
export async function describeKeyPairs(client: EcsClient, region: string, names: readonly string[]): Promise<Map<string, PollResult>> {
  const found = new Map<string, PollResult>();
  const keep = (items: readonly KeyPairItem[] | undefined, wanted: ReadonlySet<string>): void => {
    for (const k of items ?? []) if (wanted.has(k.KeyPairName)) found.set(k.KeyPairName, { status: AVAILABLE, data: k as unknown as Record<string, unknown> });
  };
  let rest = [...names];
  const prefix = commonPrefix(names);
  if (names.length > 1 && prefix.length >= 2 && LITERAL.test(prefix)) {
    const wanted = new Set(names);
    for (let page = 1; ; page++) {
      const res = await client.call<KeyPairsAnswer>("DescribeKeyPairs", { RegionId: region, KeyPairName: `${prefix}*`, PageSize: PAGE, PageNumber: page });
      keep(res.KeyPairs?.KeyPair, wanted);
      const pages = Math.ceil(Number(res.TotalCount ?? 0) / PAGE);
      rest = names.filter((n) => !found.has(n));
      if (page >= pages) return found; // the whole listing: every name it lacks does not exist
      if (pages - page >= rest.length) break; // cheaper to ask for the rest by name
    }
  }
  await Promise.all(
    rest.map(async (name) => {
      const res = await client.call<KeyPairsAnswer>("DescribeKeyPairs", { RegionId: region, KeyPairName: name, PageSize: PAGE });
      keep(res.KeyPairs?.KeyPair, new Set([name]));
    }),
  );
  return found;
}
