import { useEffect, useRef } from "react";

/** The backend is told of activity at most this often. */
export const TOUCH_INTERVAL_MS = 30_000;
/** How often inactivity is checked. */
export const IDLE_CHECK_MS = 1_000;

const ACTIVITY_EVENTS = ["mousemove", "mousedown", "pointerdown", "keydown", "wheel", "touchstart"] as const;

export interface IdleLockOptions {
  /** Minutes without mouse or keyboard activity before `onIdle`. */
  idleMinutes: number;
  /** Called once when the time has passed (lock the app). */
  onIdle: () => void;
  /** Called on activity, at most every TOUCH_INTERVAL_MS (the `touch` ping). */
  onActive: () => void;
  enabled?: boolean;
}

/**
 * Tracks mouse and keyboard activity in the window. The backend keeps its own
 * idle timer fed by `touch`; this one locks from the client side as well, so
 * the screen is covered even if a ping was missed.
 */
export function useIdleLock({ idleMinutes, onIdle, onActive, enabled = true }: IdleLockOptions): void {
  const onIdleRef = useRef(onIdle);
  const onActiveRef = useRef(onActive);
  useEffect(() => {
    onIdleRef.current = onIdle;
    onActiveRef.current = onActive;
  });

  useEffect(() => {
    if (!enabled || !(idleMinutes > 0)) return;
    const idleMs = idleMinutes * 60_000;
    let lastActivity = Date.now();
    let lastTouch = lastActivity; // the session has just been opened or touched
    let fired = false;

    const onActivity = () => {
      if (fired) return;
      const now = Date.now();
      lastActivity = now;
      if (now - lastTouch >= TOUCH_INTERVAL_MS) {
        lastTouch = now;
        onActiveRef.current();
      }
    };
    const timer = window.setInterval(() => {
      if (!fired && Date.now() - lastActivity >= idleMs) {
        fired = true;
        window.clearInterval(timer);
        onIdleRef.current();
      }
    }, IDLE_CHECK_MS);

    const opts: AddEventListenerOptions = { capture: true, passive: true };
    for (const name of ACTIVITY_EVENTS) window.addEventListener(name, onActivity, opts);
    return () => {
      window.clearInterval(timer);
      for (const name of ACTIVITY_EVENTS) window.removeEventListener(name, onActivity, opts);
    };
  }, [enabled, idleMinutes]);
}
