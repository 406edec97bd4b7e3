export type { Backend } from "./Backend";
export { BackendProvider, useBackend } from "./context";
export * from "./errors";
export type * from "./types";
// TauriBackend is imported by main.tsx only; FakeBackend by tests only.
