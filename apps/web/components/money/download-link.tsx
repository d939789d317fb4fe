'use client';

// A download link styled as a button, for server-rendered pages: buttonClass
// lives in a client module, so a server component cannot call it itself.
import type { ReactNode } from 'react';
import { buttonClass } from '@/components/form';

export function DownloadLink({
  href,
  variant = 'secondary',
  children,
}: {
  href: string;
  variant?: 'primary' | 'secondary';
  children: ReactNode;
}) {
  return (
    <a className={buttonClass(variant, 'sm')} href={href} download>
      {children}
    </a>
  );
}
