import type { Params } from "./params";
import type { CallOptions } from "./index";

/** The part of EcsClient the walkers need (so any caller with `call` can use them). */
export interface Caller {
  call<T = Record<string, unknown>>(action: string, params?: Params, opts?: CallOptions): Promise<T>;
}

export type Page = Record<string, unknown>;

export interface PageNumberOptions<T> {
  /** Picks the items out of one page, e.g. `(r) => r.Instances.Instance`. */
  items: (page: Page) => readonly T[];
  /** Default 50 (most ECS Describe* calls allow up to 50 or 100). */
  pageSize?: number;
  /** Stop after this many pages (a safety net; default 1000). */
  maxPages?: number;
  call?: CallOptions;
}

/** Walks PageNumber/PageSize pages until a short page, an empty page or TotalCount is reached. */
export async function* pagesByNumber<T>(client: Caller, action: string, params: Params, o: PageNumberOptions<T>): AsyncGenerator<T[]> {
  const pageSize = o.pageSize ?? 50;
  const maxPages = o.maxPages ?? 1000;
  let seen = 0;
  for (let pageNumber = 1; pageNumber <= maxPages; pageNumber++) {
    const page = await client.call<Page>(action, { ...params, PageNumber: pageNumber, PageSize: pageSize }, o.call);
    const items = [...o.items(page)];
    seen += items.length;
    yield items;
    const total = Number(page.TotalCount);
    if (items.length === 0 || items.length < pageSize || (Number.isFinite(total) && seen >= total)) return;
  }
}

export interface NextTokenOptions<T> {
  items: (page: Page) => readonly T[];
  /** Default 100. */
  maxResults?: number;
  maxPages?: number;
  call?: CallOptions;
}

/** Walks NextToken/MaxResults pages until the answer carries no NextToken. */
export async function* pagesByToken<T>(client: Caller, action: string, params: Params, o: NextTokenOptions<T>): AsyncGenerator<T[]> {
  const maxPages = o.maxPages ?? 1000;
  const seen = new Set<string>();
  let token: string | undefined;
  for (let n = 0; n < maxPages; n++) {
    const page = await client.call<Page>(action, { ...params, MaxResults: o.maxResults ?? 100, NextToken: token }, o.call);
    yield [...o.items(page)];
    const next = typeof page.NextToken === "string" ? page.NextToken : "";
    if (!next) return;
    if (seen.has(next)) throw new Error(`${action} returned NextToken "${next}" twice; stopping to avoid an endless loop.`);
    seen.add(next);
    token = next;
  }
}

/** Every item of every page, in order. */
export async function collectAll<T>(pages: AsyncIterable<T[]>): Promise<T[]> {
  const out: T[] = [];
  for await (const page of pages) out.push(...page);
  return out;
}
