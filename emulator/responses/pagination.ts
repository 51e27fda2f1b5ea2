/** PageNumber/PageSize and NextToken/MaxResults paging over an already-filtered list. The limits and
 *  defaults are the action's (its spec: pageParams / tokenParams), validated before the handler. */
import { ApiError } from "../errors";
import type { ParamReader } from "./params";

export interface Page<T> {
  items: T[];
  PageNumber: number;
  PageSize: number;
  TotalCount: number;
}

export function paginate<T>(items: readonly T[], p: ParamReader): Page<T> {
  const PageNumber = p.int("PageNumber") ?? 1;
  const PageSize = p.int("PageSize") ?? 10;
  const start = (PageNumber - 1) * PageSize;
  return { items: items.slice(start, start + PageSize), PageNumber, PageSize, TotalCount: items.length };
}

/** The paging fields of a page-mode answer. */
export const pageInfo = (page: Page<unknown>): { TotalCount: number; PageNumber: number; PageSize: number } => ({
  TotalCount: page.TotalCount,
  PageNumber: page.PageNumber,
  PageSize: page.PageSize,
});

export interface TokenPage<T> {
  items: T[];
  NextToken: string;
  MaxResults: number;
}

/** NextToken is an opaque cursor: base64 of the offset. "" means the last page. `pageSize`: for actions
 *  that take no MaxResults (ListTagResources pages by 50). */
export function paginateByToken<T>(items: readonly T[], p: ParamReader, pageSize?: number): TokenPage<T> {
  const MaxResults = pageSize ?? p.int("MaxResults") ?? 10;
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
