/** PageNumber/PageSize and NextToken/MaxResults paging over an already-filtered list. */
import { ApiError } from "./errors";
import type { ParamReader } from "./params";

export interface Page<T> {
  items: T[];
  PageNumber: number;
  PageSize: number;
  TotalCount: number;
}

export function paginate<T>(items: readonly T[], p: ParamReader, opts: { defaultSize?: number; maxSize: number }): Page<T> {
  const PageNumber = p.int("PageNumber", { min: 1, default: 1 }) as number;
  const PageSize = p.int("PageSize", { min: 1, max: opts.maxSize, default: opts.defaultSize ?? 10 }) as number;
  const start = (PageNumber - 1) * PageSize;
  return { items: items.slice(start, start + PageSize), PageNumber, PageSize, TotalCount: items.length };
}

export interface TokenPage<T> {
  items: T[];
  NextToken: string;
  MaxResults: number;
}

/** NextToken is an opaque cursor: base64 of the offset. "" means the last page. */
export function paginateByToken<T>(items: readonly T[], p: ParamReader, opts: { defaultMax?: number; maxMax: number }): TokenPage<T> {
  const MaxResults = p.int("MaxResults", { min: 1, max: opts.maxMax, default: opts.defaultMax ?? 10 }) as number;
  const token = p.str("NextToken");
  let offset = 0;
  if (token) {
    const decoded = Number(Buffer.from(token, "base64url").toString("utf8").replace(/^o:/, ""));
    if (!Number.isInteger(decoded) || decoded < 0 || !Buffer.from(token, "base64url").toString("utf8").startsWith("o:"))
      throw new ApiError("InvalidParameter.NextToken", `The specified parameter "NextToken" is not valid.`, 400);
    offset = decoded;
  }
  const slice = items.slice(offset, offset + MaxResults);
  const next = offset + MaxResults < items.length ? Buffer.from(`o:${offset + MaxResults}`).toString("base64url") : "";
  return { items: slice, NextToken: next, MaxResults };
}

/** Uses NextToken mode when the caller sent NextToken or MaxResults, page mode otherwise. */
export function wantsTokenPaging(p: ParamReader): boolean {
  return p.has("NextToken") || p.has("MaxResults");
}
