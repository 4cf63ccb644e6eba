import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The web app. `npm run dev -w @pipewise/web` serves it with hot reload and
 * sends /api to a `pipewise serve` on port 3000; `vite build` writes
 * packages/web/dist, which the server serves.
 */
export default defineConfig({
  plugins: [react()],
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 2000 },
});
