'use client';

import { PublicShell } from '@/components/public-shell';
import { UnexpectedError } from '@/components/unexpected-error';

export default function RootError(props: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return (
    <PublicShell>
      <UnexpectedError {...props} />
    </PublicShell>
  );
}
