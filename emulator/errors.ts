/** A typed ECS error: the server renders it as {RequestId, HostId, Code, Message, Recommend}. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly httpStatus = 400,
    /** Extra response headers, e.g. x-acs-retry-after for throttling. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export const missingParameter = (name: string): ApiError =>
  new ApiError("MissingParameter", `The input parameter "${name}" that is mandatory for processing this request is not supplied.`, 400);

export const invalidParameter = (name: string, rule?: string): ApiError =>
  new ApiError("InvalidParameter", `The specified parameter "${name}" is not valid.${rule ? " " + rule : ""}`, 400);

export const notFound = (code: string, what: string): ApiError => new ApiError(code, `The specified ${what} does not exist.`, 404);
