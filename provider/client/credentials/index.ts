export * from "./types";
export { resolveCredentialsProvider } from "./chain";
export { EcsRamRoleCredentialsProvider, DEFAULT_METADATA_ENDPOINT } from "./ecsRamRole";
export { parseIni, readCliProfile, readIniProfile, cliConfigPath, iniPath } from "./files";
export * from "./settings";
