import { act, fireEvent, renderHook, screen } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { fakeSignedIn, renderApp } from "../test/render";
import { APP_STATUS_POLL_MS } from "./queries";
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
  afterEach(() => {
    vi.useRealTimers();
  });

  it("locks through the backend after idleLockMinutes and shows the login screen", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: false });
    const { fake } = renderApp(fakeSignedIn("admin", { idleLockMinutes: 2 }), {
      advanceTimers: vi.advanceTimersByTime,
    });
    await act(() => vi.advanceTimersByTimeAsync(10));
    expect(screen.getByTestId("sidebar")).toBeInTheDocument();
    await act(() => vi.advanceTimersByTimeAsync(119_000));
    expect(fake.callsOf("lock")).toHaveLength(0);
    await act(() => vi.advanceTimersByTimeAsync(2_000));
    expect(fake.callsOf("lock")).toHaveLength(1);
    expect(screen.getByTestId("login-username")).toBeInTheDocument();
  });

  it("notices within one poll that the backend locked by itself", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: false });
    const { fake } = renderApp(fakeSignedIn("admin"), { advanceTimers: vi.advanceTimersByTime });
    await act(() => vi.advanceTimersByTimeAsync(10));
    expect(screen.getByTestId("sidebar")).toBeInTheDocument();
    fake.lockFromBackend();
    await act(() => vi.advanceTimersByTimeAsync(APP_STATUS_POLL_MS + 10));
    expect(screen.getByTestId("login-username")).toBeInTheDocument();
    expect(fake.callsOf("lock")).toHaveLength(0);
  });

  it("pings the backend with touch when the person is active", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: false });
    const { fake } = renderApp(fakeSignedIn("admin", { idleLockMinutes: 30 }), { advanceTimers: vi.advanceTimersByTime });
    await act(() => vi.advanceTimersByTimeAsync(10));
    fireEvent.mouseMove(window);
    await act(() => vi.advanceTimersByTimeAsync(TOUCH_INTERVAL_MS));
    expect(fake.callsOf("touch")).toHaveLength(0);
    fireEvent.keyDown(window, { key: "a" });
    await act(() => vi.advanceTimersByTimeAsync(10));
    expect(fake.callsOf("touch")).toHaveLength(1);
    expect(screen.getByTestId("sidebar")).toBeInTheDocument();
  });
});
