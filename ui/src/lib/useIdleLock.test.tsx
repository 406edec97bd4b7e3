import { act, fireEvent, renderHook, screen } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { AppStatus, Vocabulary } from "../backend/types";
import { hostForFile, type Host } from "../test/host";
import { renderAppOnHost } from "../test/render";
import { signIn } from "../test/seed";
import { APP_STATUS_POLL_MS, createQueryClient, queryKeys } from "./queries";
import { TOUCH_INTERVAL_MS, useIdleLock } from "./useIdleLock";

describe("useIdleLock", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  function setup(idleMinutes = 1) {
    const onIdle = vi.fn();
    const onActive = vi.fn();
    const hook = renderHook((props: { idleMinutes: number }) => useIdleLock({ ...props, onIdle, onActive }), {
      initialProps: { idleMinutes },
    });
    return { onIdle, onActive, hook };
  }

  it("calls onIdle once after the idle time without activity", () => {
    const { onIdle } = setup(1);
    act(() => vi.advanceTimersByTime(59_000));
    expect(onIdle).not.toHaveBeenCalled();
    act(() => vi.advanceTimersByTime(2_000));
    expect(onIdle).toHaveBeenCalledTimes(1);
    act(() => vi.advanceTimersByTime(120_000));
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  it("mouse and keyboard activity postpone the lock", () => {
    const { onIdle } = setup(1);
    act(() => vi.advanceTimersByTime(50_000));
    fireEvent.mouseMove(window);
    act(() => vi.advanceTimersByTime(50_000));
    fireEvent.keyDown(document.body, { key: "a" });
    act(() => vi.advanceTimersByTime(50_000));
    expect(onIdle).not.toHaveBeenCalled();
    act(() => vi.advanceTimersByTime(11_000));
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  it("pings the backend at most every 30 seconds while active", () => {
    const { onActive } = setup(10);
    fireEvent.mouseMove(window); // just after sign-in: no ping yet
    expect(onActive).not.toHaveBeenCalled();
    for (let t = 0; t < 95; t += 5) {
      act(() => vi.advanceTimersByTime(5_000));
      fireEvent.mouseMove(window);
    }
    // Activity every 5 s for 95 s: pings at 30, 60 and 90 s.
    expect(onActive).toHaveBeenCalledTimes(3);
    expect(TOUCH_INTERVAL_MS).toBe(30_000);
  });

  it("does not ping without activity", () => {
    const { onActive } = setup(10);
    act(() => vi.advanceTimersByTime(5 * 60_000));
    expect(onActive).not.toHaveBeenCalled();
  });
});

describe("idle lock in the app", () => {
  const host = hostForFile();
  afterEach(() => {
    vi.useRealTimers();
  });

  /** Fake clocks for the UI; the host's answers still arrive (setImmediate stays real). */
  function fakeClock() {
    vi.useFakeTimers({ shouldAdvanceTime: false, toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "Date"] });
  }

  /** Lets the UI and the host answer each other until nothing is left in flight. */
  async function settle(h: Host) {
    // Until a round sends nothing new (and a few more for React to render what came).
    let quiet = 0;
    for (let i = 0; i < 100 && quiet < 5; i++) {
      const before = h.sent().length;
      await act(async () => {
        await vi.advanceTimersByTimeAsync(0);
        await h.idle();
      });
      quiet = h.sent().length === before ? quiet + 1 : 0;
    }
  }

  async function signedIn(idleLockMinutes?: number) {
    await signIn(host(), "admin");
    if (idleLockMinutes !== undefined) {
      await host().call("update_settings", { settings: { idleLockMinutes, receiptFormat: "{YYYY}-{NNNN}" } });
    }
    // The core's vocabulary as the app has it once started (its loading is
    // not what these tests are about, and does not settle under fake clocks).
    const client = createQueryClient({ retry: false });
    client.setQueryData(queryKeys.vocabulary, await host().call<Vocabulary>("vocabulary"));
    fakeClock();
    const rendered = renderAppOnHost(host(), { advanceTimers: vi.advanceTimersByTime, client });
    await settle(rendered.host);
    return rendered;
  }

  it("locks through the backend after idleLockMinutes and shows the login screen", async () => {
    const { host: h } = await signedIn(2);
    expect(screen.getByTestId("sidebar")).toBeInTheDocument();
    await act(() => vi.advanceTimersByTimeAsync(119_000));
    await settle(h);
    expect(h.callsOf("lock")).toHaveLength(0);
    await act(() => vi.advanceTimersByTimeAsync(2_000));
    await settle(h);
    expect(h.callsOf("lock")).toHaveLength(1);
    expect(screen.getByTestId("login-username")).toBeInTheDocument();
    expect((await h.call<AppStatus>("app_status")).phase).toBe("locked");
  });

  it("notices within one poll that the backend locked by itself", async () => {
    const { host: h } = await signedIn();
    expect(screen.getByTestId("sidebar")).toBeInTheDocument();
    await h.call("host.idle_lock");
    await act(() => vi.advanceTimersByTimeAsync(APP_STATUS_POLL_MS + 10));
    await settle(h);
    expect(screen.getByTestId("login-username")).toBeInTheDocument();
    expect(h.callsOf("lock")).toHaveLength(0);
  });

  it("pings the backend with touch when the person is active", async () => {
    const { host: h } = await signedIn(30);
    fireEvent.mouseMove(window);
    await act(() => vi.advanceTimersByTimeAsync(TOUCH_INTERVAL_MS));
    await settle(h);
    expect(h.callsOf("touch")).toHaveLength(0);
    fireEvent.keyDown(window, { key: "a" });
    await settle(h);
    expect(h.callsOf("touch")).toHaveLength(1);
    expect(screen.getByTestId("sidebar")).toBeInTheDocument();
  });
});
