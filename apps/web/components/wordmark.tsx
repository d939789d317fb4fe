import Link from 'next/link';

/** The Waymark mark (a trail marker) and name; links home. */
export function Wordmark() {
  return (
    <Link href="/" className="inline-flex items-center gap-2.5 rounded-sm text-white no-underline">
      <svg aria-hidden="true" viewBox="0 0 32 32" className="h-8 w-8 shrink-0">
        <rect width="32" height="32" rx="8" className="fill-teal-600" />
        <path d="M16 5 L26 16 L16 27 L6 16 Z" className="fill-white" />
        <path d="M16 10 L21 16 L16 22 L11 16 Z" className="fill-navy-900" />
      </svg>
      <span className="text-xl font-semibold tracking-tight">Waymark</span>
    </Link>
  );
}
