export type { Backend } from "./Backend";
export { BackendProvider, useBackend } from "./context";
export * from "./errors";
// The error codes: the generated constants and their union type, by one name.
export { ErrorCode } from "./errors";
export type * from "./types";
// tauriBackend is imported by main.tsx (and the tests' host, test/host.ts) only.
