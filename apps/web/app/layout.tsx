import type { Metadata, Viewport } from 'next';
import { connection } from 'next/server';
import type { ReactNode } from 'react';
import { SiteFooter } from '@/components/site-footer';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Waymark', template: '%s · Waymark' },
  description: 'Supply-chain management for outcome-funded employment programmes.',
};

export const viewport: Viewport = { themeColor: '#0b2545' };

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page renders per request: its scripts carry that request's CSP nonce (proxy.ts).
  await connection();
  return (
    <html lang="en-GB">
      <body className="flex min-h-screen flex-col font-sans">
        <a
          href="#main-content"
          className="sr-only z-50 bg-focus px-4 py-3 font-semibold text-navy-900 focus:not-sr-only focus:absolute focus:top-2 focus:left-2"
        >
          Skip to main content
        </a>
        {children}
        <SiteFooter />
      </body>
    </html>
  );
}
