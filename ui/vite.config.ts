import react from "@vitejs/plugin-react";
import { createReadStream, existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import type { Plugin } from "vite";
import { defineConfig } from "vitest/config";

// A desk's PC may be set to any zone, and the UI shows Japan time regardless
// (src/lib/dates.ts). The UI tests run 17 hours behind Japan so that a time
// read on the PC's clock shows up as a wrong day.
if (process.env.VITEST) process.env.TZ = "America/Los_Angeles";

/**
 * pdf.js's data files — CMaps (Japanese text in PDFs whose fonts are not
 * embedded), standard fonts, ICC profiles, image decoders — shipped as
 * dist/pdfjs/<dir>/… (and served from node_modules by the dev server), so
 * the PDF viewer needs nothing from the network. See src/lib/pdf.ts.
 */
function pdfjsAssets(): Plugin {
  const root = fileURLToPath(new URL("./node_modules/pdfjs-dist/", import.meta.url));
  const dirs = ["cmaps", "standard_fonts", "wasm", "iccs"];
  const types: Record<string, string> = { js: "text/javascript", wasm: "application/wasm" };
  return {
    name: "madoguchi-pdfjs-assets",
    configureServer(server) {
      server.middlewares.use("/pdfjs", (req, res, next) => {
        const rel = normalize(decodeURIComponent((req.url ?? "").split("?")[0] ?? "")).replace(/^[/\\]+/, "");
        const dir = rel.split(/[/\\]/)[0] ?? "";
        const file = join(root, rel);
        if (!dirs.includes(dir) || !file.startsWith(root) || !existsSync(file) || !statSync(file).isFile()) return next();
        res.setHeader("Content-Type", types[file.split(".").pop() ?? ""] ?? "application/octet-stream");
        createReadStream(file).pipe(res);
      });
    },
    generateBundle() {
      for (const dir of dirs) {
        for (const name of readdirSync(join(root, dir))) {
          this.emitFile({ type: "asset", fileName: `pdfjs/${dir}/${name}`, source: readFileSync(join(root, dir, name)) });
        }
      }
    },
  };
}

// The Tauri window loads dist/ from the app bundle (tauri.conf.json: frontendDist
// "../../ui/dist") and, in development, this dev server (devUrl :5173).
// Nothing here may reach the network at run time: the CSP is
// default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:
// and connect-src must include 'self' for the PDF viewer to read dist/pdfjs/.
export default defineConfig({
  plugins: [react(), pdfjsAssets()],
  // pdf.js's worker is an ES module (src/lib/pdf.ts imports it with ?worker).
  worker: { format: "es" },
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
