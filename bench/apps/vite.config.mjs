// Builds one comparison app: BENCH_APP=amplify-form|authenticator, output in BENCH_OUT.
import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const app = process.env.BENCH_APP;
if (!app || !process.env.BENCH_OUT) throw new Error('set BENCH_APP and BENCH_OUT');

export default defineConfig({
  root: resolve(import.meta.dirname, app),
  plugins: [react()],
  logLevel: 'warn',
  build: {
    outDir: process.env.BENCH_OUT,
    emptyOutDir: true,
    // Default production build (minified, tree-shaken, no source maps): what a team would ship.
    sourcemap: false,
    reportCompressedSize: false,
    // One chunk per app is the point (a first visit loads everything): no size warning for it.
    chunkSizeWarningLimit: 2000,
  },
});
