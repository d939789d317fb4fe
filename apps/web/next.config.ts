import path from 'node:path';
import type { NextConfig } from 'next';

// The monorepo root: Turbopack and output tracing must see the workspace packages.
const workspaceRoot = path.join(__dirname, '..', '..');

const nextConfig: NextConfig = {
  poweredByHeader: false,
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
