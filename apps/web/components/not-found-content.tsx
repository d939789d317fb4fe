import Link from 'next/link';

export function NotFoundContent() {
  return (
    <div className="mx-auto max-w-2xl space-y-4 py-6">
      <p className="text-sm font-semibold tracking-wide text-teal-700 uppercase">Error 404</p>
      <h1 className="text-3xl font-semibold text-navy-900">Page not found</h1>
      <p className="text-slate-700">
        If you typed the web address, check it is correct. If you followed a link, the page may have
        moved, or it may belong to another organisation&rsquo;s part of Waymark.
      </p>
      <ul className="flex flex-wrap gap-x-6 gap-y-2 pt-2">
        <li>
          <Link href="/" className="text-teal-700 underline hover:text-teal-800">
            Go to your home page
          </Link>
        </li>
        <li>
          <Link href="/status" className="text-teal-700 underline hover:text-teal-800">
            Check service status
          </Link>
        </li>
      </ul>
    </div>
  );
}
