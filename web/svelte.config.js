import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** sha256 of the style attribute of SvelteKit's route announcer (see kit.csp below). */
const SVELTEKIT_ANNOUNCER_STYLE = 'sha256-S8qMpvofolR8Mpjy4kQvEm7m1q8clzU4dfDH0AmvZjo=';

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  kit: {
    // adapter-node reads PORT, HOST, ORIGIN (and PROTOCOL_HEADER/HOST_HEADER/ADDRESS_HEADER) at run time.
    adapter: adapter({ out: 'build' }),
    csrf: { trustedOrigins: [] },
    // Content-Security-Policy of every page (security issue #12): SvelteKit adds a nonce per page for
    // its own inline script ('auto': hashes for prerendered pages), so no script runs that the site did
    // not send. No 'unsafe-inline', for styles either: the site has no style attributes; the one style
    // attribute allowed (by its hash) is that of SvelteKit's route announcer, <div id="svelte-announcer">
    // (@sveltejs/kit/src/core/sync/write_root.js; app.css hides it too, should a new SvelteKit change it).
    // Origins only known at run time — the API's WebSocket (connect-src) and the card gateway
    // (form-action) — are added by the hook (src/lib/server/headers.ts).
    csp: {
      mode: 'auto',
      directives: {
        'default-src': ['self'],
        'script-src': ['self'],
        'style-src': ['self'],
        'style-src-attr': ['unsafe-hashes', SVELTEKIT_ANNOUNCER_STYLE],
        'img-src': ['self', 'data:'],
        'font-src': ['self'],
        'connect-src': ['self'],
        'form-action': ['self'],
        'frame-ancestors': ['none'],
        'base-uri': ['self'],
        'object-src': ['none'],
      },
    },
  },
};

export default config;
