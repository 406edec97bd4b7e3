import { QueryClientProvider, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import type { Backend } from "./backend/Backend";
import { BackendProvider } from "./backend/context";
import { CannotStart, Splash } from "./components/Startup";
import { dropSessionData, useAppStatus } from "./lib/queries";
import { VocabularyProvider } from "./lib/vocabulary";
import { LoginScreen } from "./screens/login/LoginScreen";
import { SetupWizard } from "./screens/setup/SetupWizard";
import { Shell } from "./screens/shell/Shell";

/** Chooses the screen from the backend's phase: 初期設定, サインイン or the app. */
export function App() {
  const status = useAppStatus();
  const client = useQueryClient();
  const phase = status.data?.phase;
  const signedIn = phase === "unlocked" && status.data?.session != null;

  // When the session ends, nothing read during it stays in memory.
  useEffect(() => {
    if (!signedIn) dropSessionData(client);
  }, [signedIn, client]);

  if (status.isPending) return <Splash />;
  if (status.isError && !status.data) return <CannotStart query={status} testId="status-error" fallback="アプリの状態を取得できませんでした。" />;
  const data = status.data;
  if (data.phase === "setup") return <SetupWizard />;
  if (data.phase === "unlocked" && data.session) {
    // Keyed by user: a different person signing in starts from a clean shell.
    return <Shell key={data.session.userId} status={data} session={data.session} />;
  }
  return <LoginScreen status={data} />;
}

/** The app with its backend and query client: used by main.tsx and by the tests. */
export function AppRoot({ backend, queryClient }: { backend: Backend; queryClient: QueryClient }) {
  return (
    <BackendProvider backend={backend}>
      <QueryClientProvider client={queryClient}>
        <VocabularyProvider>
          <App />
        </VocabularyProvider>
      </QueryClientProvider>
    </BackendProvider>
  );
}
