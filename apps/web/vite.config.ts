import react from '@vitejs/plugin-react-swc';
import { defineConfig } from 'vite';

// Built into dist/, which the API serves at / (apps/api/src/web-client.ts). Only types come from
// @studio/contracts, so nothing of the server's code reaches the browser.
export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, reportCompressedSize: false },
});
