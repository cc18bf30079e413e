import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  kit: {
    // adapter-node reads PORT, HOST, ORIGIN (and PROTOCOL_HEADER/HOST_HEADER/ADDRESS_HEADER) at run time.
    adapter: adapter({ out: 'build' }),
    csrf: { trustedOrigins: [] },
  },
};

export default config;
