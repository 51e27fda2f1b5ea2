/** Tencent Cloud's black-stone (bare metal 1.0) API 2.0, for getTencentBareMetalRegions (seed 001):
 *  its own signer and a small client beside the ECS one, sharing only the transport and the
 *  redaction of secrets. The emulator verifies requests with the same signer. */
export { callTencentBm, TencentApiError, type TencentBmOptions } from "./client";
export * from "./signing";
