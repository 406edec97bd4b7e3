import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";

// The Tauri window loads dist/ from the app bundle (tauri.conf.json: frontendDist
// "../../ui/dist") and, in development, this dev server (devUrl :5173).
// Nothing here may reach the network at run time: the CSP is
// default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:
export default defineConfig({
  plugins: [react()],
  base: "./",
  clearScreen: false,
  server: {
    port: 5173,
    strictPort: true,
    host: "localhost",
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // WebView2 (Windows), WKWebView (macOS) and WebKitGTK (Linux).
    target: ["es2021", "chrome105", "safari15"],
    sourcemap: false,
    // No inlined data: fonts or scripts; keep every asset a file of its own.
    assetsInlineLimit: 0,
  },
  test: {
    environment: "jsdom",
    setupFiles: ["./src/test/setup.ts"],
    include: ["src/**/*.test.{ts,tsx}"],
    css: false,
    restoreMocks: true,
  },
});
