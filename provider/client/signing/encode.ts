/** RFC 3986 percent-encoding as the ECS signature rules require: unreserved
 * characters (A-Z a-z 0-9 - _ . ~) stay literal, everything else is %XX of its
 * UTF-8 bytes, so a space is %20 (never +) and * is %2A. */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase());
}

/** `k=v&k=v` with keys sorted by their raw form, each side percent-encoded. */
export function canonicalQuery(params: Readonly<Record<string, string>>): string {
  return Object.keys(params)
    .sort()
    .map((k) => `${percentEncode(k)}=${percentEncode(params[k])}`)
    .join("&");
}
