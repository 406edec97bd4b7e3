import { render } from "@testing-library/react";
import type { ReactNode } from "react";
import userEvent from "@testing-library/user-event";
import { afterEach } from "vitest";
import { AppRoot } from "../App";
import { QueryClientProvider, type QueryClient } from "@tanstack/react-query";
import { BackendProvider } from "../backend/context";
import { createQueryClient } from "../lib/queries";
import { tauriBackend } from "../backend/tauri";
import { VocabularyProvider } from "../lib/vocabulary";
import type { Host } from "./host";

const clients: QueryClient[] = [];
afterEach(() => {
  for (const c of clients.splice(0)) c.clear();
});

/**
 * Renders the whole app against the test host: the generated client over
 * `mockIPC`, the app's real commands and core (see host.ts).
 */
export function renderAppOnHost(
  host: Host,
  { advanceTimers, client = createQueryClient({ retry: false }) }: { advanceTimers?: (ms: number) => unknown; client?: QueryClient } = {},
) {
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
      <QueryClientProvider client={client}>
        <VocabularyProvider>{ui}</VocabularyProvider>
      </QueryClientProvider>
    </BackendProvider>,
  );
  return { user, host, client, ...utils };
}
