'use client';

import { UnexpectedError } from '@/components/unexpected-error';

export default function SectionError(props: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return <UnexpectedError {...props} />;
}
