import { invoke } from "@tauri-apps/api/core";
import { listen } from "@tauri-apps/api/event";
import type { Backend } from "./Backend";
import { commands } from "./commands";
import { toApiError } from "./errors";
import type { Staged } from "./types";

/** Sends one command; whatever it rejects with becomes an `ApiError`. */
async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (e) {
    // Never log: errors may echo what the person typed.
    throw toApiError(e);
  }
}

/** Emitted by the backend when files were dropped onto the window (payload: Staged). */
export const STAGED_EVENT = "madoguchi://staged";

function onStaged(listener: (staged: Staged) => void): () => void {
  let stopped = false;
  let unlisten: (() => void) | null = null;
  listen<Staged>(STAGED_EVENT, (event) => {
    if (!stopped) listener(event.payload);
  }).then(
    (fn) => {
      if (stopped) fn();
      else unlisten = fn;
    },
    () => {
      // Without the event permission drops are not offered; the buttons still work.
    },
  );
  return () => {
    stopped = true;
    unlisten?.();
    unlisten = null;
  };
}

/** The real backend: the generated commands over Tauri's IPC, and the drop event. */
export function tauriBackend(): Backend {
  return { ...commands(call), onStaged };
}
