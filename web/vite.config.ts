import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const API_TARGET = 'http://127.0.0.1:8080';

// Vite reads the configuration from the default export; the one default export of the console.
export default defineConfig({
  plugins: [react()],
  server: {
    host: '127.0.0.1',
    port: 5173,
    strictPort: true,
    proxy: { '/api': { target: API_TARGET, changeOrigin: false } },
  },
  preview: {
    host: '127.0.0.1',
    port: 4173,
    proxy: { '/api': { target: API_TARGET, changeOrigin: false } },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // antd alone is about 1 MB minified; it is cached as its own vendor chunk, so the limit is raised for it.
    chunkSizeWarningLimit: 1600,
    rolldownOptions: {
      output: {
        codeSplitting: {
          // Higher priority claims a module first; a group also takes what its modules import, so React
          // must be claimed before antd pulls react-dom into its own chunk.
          groups: [
            { name: 'vendor-echarts', test: /node_modules[\\/](echarts|zrender)[\\/]/, priority: 30 },
            // SM2 signing is needed on one page only: its own chunk, loaded when a letter is signed.
            { name: 'vendor-sm-crypto', test: /node_modules[\\/](sm-crypto-v2|@noble)[\\/]/, priority: 30 },
            {
              name: 'vendor-react',
              test: /node_modules[\\/](react|react-dom|react-router|scheduler|cookie|set-cookie-parser)[\\/]/,
              priority: 20,
            },
            { name: 'vendor-antd', test: /node_modules[\\/]/, priority: 10 },
          ],
        },
      },
    },
  },
});
