export * from "./rls";
export * from "./users";
export * from "./brands";
export * from "./affiliates";
export * from "./campaigns";
export * from "./enrollments";
export * from "./links";
export * from "./api-keys";
