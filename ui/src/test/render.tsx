import { render } from "@testing-library/react";
import type { ReactNode } from "react";
import userEvent from "@testing-library/user-event";
import { afterEach } from "vitest";
import { AppRoot } from "../App";
import { FakeBackend, type FakeOptions } from "../backend/fake";
import { QueryClientProvider, type QueryClient } from "@tanstack/react-query";
import { BackendProvider } from "../backend/context";
import { createQueryClient } from "../lib/queries";
import { tauriBackend } from "../backend/tauri";
import type { Host } from "./host";

const clients: QueryClient[] = [];
afterEach(() => {
  for (const c of clients.splice(0)) c.clear();
});

export const ADMIN = { username: "yamada", displayName: "山田 太郎", password: "correct-horse", role: "admin" as const };
export const OFFICER = { username: "sato", displayName: "佐藤 花子", password: "officer-pass", role: "officer" as const };

export function fakeSignedIn(as: "admin" | "officer" = "admin", options: FakeOptions = {}): FakeBackend {
  return new FakeBackend({
    phase: "unlocked",
    users: [ADMIN, OFFICER],
    sessionUser: as === "admin" ? ADMIN.username : OFFICER.username,
    ...options,
  });
}

export function fakeLocked(options: FakeOptions = {}): FakeBackend {
  return new FakeBackend({ phase: "locked", users: [ADMIN, OFFICER], ...options });
}

/** Renders the whole app against a fake backend. */
export function renderApp(fake: FakeBackend, { advanceTimers }: { advanceTimers?: (ms: number) => unknown } = {}) {
  const client = createQueryClient({ retry: false });
  clients.push(client);
  const user = userEvent.setup(advanceTimers ? { advanceTimers } : { delay: null });
  const utils = render(<AppRoot backend={fake} queryClient={client} />);
  return { user, fake, client, ...utils };
}

/**
 * Renders one component (not the whole app) with the app's providers — the
 * fake backend and a query client — e.g. a case tab on its own.
 */
export function renderWithBackend(ui: ReactNode, fake: FakeBackend) {
  const client = createQueryClient({ retry: false });
  clients.push(client);
  const user = userEvent.setup({ delay: null });
  const utils = render(
    <BackendProvider backend={fake}>
      <QueryClientProvider client={client}>{ui}</QueryClientProvider>
    </BackendProvider>,
  );
  return { user, fake, client, ...utils };
}

/**
 * Renders the whole app against the test host: the generated client over
 * `mockIPC`, the app's real commands and core (see host.ts).
 */
export function renderAppOnHost(host: Host, { advanceTimers }: { advanceTimers?: (ms: number) => unknown } = {}) {
  const client = createQueryClient({ retry: false });
  clients.push(client);
  const user = userEvent.setup(advanceTimers ? { advanceTimers } : { delay: null });
  const utils = render(<AppRoot backend={tauriBackend()} queryClient={client} />);
  return { user, host, client, ...utils };
}

/** Renders one component with the app's providers, against the test host. */
export function renderOnHost(ui: ReactNode, host: Host) {
  const client = createQueryClient({ retry: false });
  clients.push(client);
  const user = userEvent.setup({ delay: null });
  const utils = render(
    <BackendProvider backend={tauriBackend()}>
      <QueryClientProvider client={client}>{ui}</QueryClientProvider>
    </BackendProvider>,
  );
  return { user, host, client, ...utils };
}
