export * from "./types";
export { resolveCredentialsProvider } from "./chain";
export { EcsRamRoleCredentialsProvider, DEFAULT_METADATA_ENDPOINT } from "./ecsRamRole";
export { parseIni, readCliProfile, readIniProfile, cliConfigPath, iniPath } from "./files";
export * from "./settings";
export { RefreshingCredentialsProvider, type RefreshOptions } from "./refreshing";
export { OidcRoleCredentialsProvider, RamRoleArnCredentialsProvider, type RoleSession, type AssumeRoleSession, type OidcRoleSession } from "./roles";
export { roleConfigFromStack } from "./roleSessions";
export { stsEndpoint, StsRequestError, STS_API_VERSION } from "./sts";
