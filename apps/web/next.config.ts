import path from 'node:path';
import type { NextConfig } from 'next';

// The monorepo root: Turbopack and output tracing must see the workspace packages.
const workspaceRoot = path.join(__dirname, '..', '..');

// Every portal response: no framing by other sites (clickjacking), no content sniffing, no full
// URLs in Referer. Scripts and styles allow 'unsafe-inline' because Next inlines its bootstrap and
// the hydration data; 'unsafe-eval' only in development (React's dev tooling needs it).
const isDevelopment = process.env.NODE_ENV !== 'production';
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  `script-src 'self' 'unsafe-inline'${isDevelopment ? " 'unsafe-eval'" : ''}`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');
const SECURITY_HEADERS = [
  { key: 'Content-Security-Policy', value: CONTENT_SECURITY_POLICY },
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
  { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=()' },
];

const nextConfig: NextConfig = {
  poweredByHeader: false,
  async headers() {
    return [{ source: '/:path*', headers: SECURITY_HEADERS }];
  },
  // Serve metadata (the <title>) in <head>, blocking, to every user agent. Streamed
  // metadata lands late in <body>, so a screen reader or axe can meet a page with no
  // title for a moment after a server action re-renders it (WCAG 2.4.2 Page Titled).
  htmlLimitedBots: /.*/,
  reactStrictMode: true,
  transpilePackages: ['@waymark/api-client', '@waymark/domain'],
  outputFileTracingRoot: workspaceRoot,
  turbopack: { root: workspaceRoot },
};

export default nextConfig;
