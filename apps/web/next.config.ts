import path from 'node:path';
import type { NextConfig } from 'next';

// The monorepo root: Turbopack and output tracing must see the workspace packages.
const workspaceRoot = path.join(__dirname, '..', '..');

// Every portal response: no framing by other sites (clickjacking), no content sniffing, no full
// URLs in Referer. Pages get their Content-Security-Policy from proxy.ts, with a per-request script
// nonce; the responses it does not run for (the /api proxy, the refresh handler, static files) run
// no scripts, so theirs allows none.
const SECURITY_HEADERS = [
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
  { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=()' },
];
const NO_SCRIPT_POLICY = {
  key: 'Content-Security-Policy',
  value: "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
};

const nextConfig: NextConfig = {
  poweredByHeader: false,
  async headers() {
    return [
      { source: '/:path*', headers: SECURITY_HEADERS },
      // Only where proxy.ts does not set a page policy: two policies would both be enforced.
      ...['/api/:path*', '/session/:path*', '/icon.svg', '/robots.txt'].map((source) => ({
        source,
        headers: [NO_SCRIPT_POLICY],
      })),
    ];
  },
  // Serve metadata (the <title>) in <head>, blocking, to every user agent. Streamed
  // metadata lands late in <body>, so a screen reader or axe can meet a page with no
  // title for a moment after a server action re-renders it (WCAG 2.4.2 Page Titled).
  htmlLimitedBots: /.*/,
  reactStrictMode: true,
  // `npm test` type-checks the portal in its own step (`tsc --noEmit`, which also reads the
  // route types this build writes to .next/types), so there the build skips Next's repeat of it.
  typescript: { ignoreBuildErrors: process.env.WAYMARK_TYPECHECK_AFTER_BUILD === '1' },
  transpilePackages: ['@waymark/api-client', '@waymark/domain'],
  outputFileTracingRoot: workspaceRoot,
  turbopack: { root: workspaceRoot },
};

export default nextConfig;
