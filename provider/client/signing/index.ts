export * from "./encode";
export * from "./v1";
export * from "./v3";
