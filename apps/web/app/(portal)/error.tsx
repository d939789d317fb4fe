'use client';

import { UnexpectedError } from '@/components/unexpected-error';

// Inside the portal layout: the header and nav stay usable.
export default function PortalError(props: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return <UnexpectedError {...props} />;
}
