import path from 'node:path';
import type { NextConfig } from 'next';

// The monorepo root: Turbopack and output tracing must see the workspace packages.
const workspaceRoot = path.join(__dirname, '..', '..');

const nextConfig: NextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  transpilePackages: ['@waymark/api-client', '@waymark/domain'],
  outputFileTracingRoot: workspaceRoot,
  turbopack: { root: workspaceRoot },
};

export default nextConfig;
