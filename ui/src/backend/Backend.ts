import type { Commands } from "./commands";
import type { Staged } from "./types";

/**
 * What the screens talk to (through `useBackend()`): every command of the
 * app — `Commands`, generated from src-tauri/app/src/api.rs into
 * commands.ts — plus the one event the window sends.
 *
 * Every command rejects with an `ApiError` (`{ code, message, fields }`); the
 * message is already Japanese and is what the person sees.
 *
 * Adding a command: declare it in api.rs and write its body (ARCHITECTURE.md,
 * "Adding a command"); the client here follows from the declaration.
 */
export interface Backend extends Commands {
  /**
   * Files dropped onto the window (emitted by the backend as
   * `madoguchi://staged`), already read, typed by their bytes and staged by
   * the backend. Returns the function that stops listening.
   */
  onStaged(listener: (staged: Staged) => void): () => void;
}
