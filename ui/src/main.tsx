import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { AppRoot } from "./App";
import { tauriBackend } from "./backend/tauri";
import { createQueryClient } from "./lib/queries";
import "./styles.css";

const root = document.getElementById("root");
if (!root) throw new Error("#root missing from index.html");

createRoot(root).render(
  <StrictMode>
    <AppRoot backend={tauriBackend()} queryClient={createQueryClient()} />
  </StrictMode>,
);
