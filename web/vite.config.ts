import preact from "@preact/preset-vite";
import { defineConfig } from "vite";

// The dashboard is built into web/dist, which the app worker serves as static assets.
export default defineConfig({
  root: new URL(".", import.meta.url).pathname,
  plugins: [preact()],
  build: { outDir: "dist", emptyOutDir: true, target: "es2022", sourcemap: true },
});
