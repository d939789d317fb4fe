import Link from 'next/link';

export function SiteFooter() {
  return (
    <footer className="mt-auto border-t border-slate-200 bg-white">
      <div className="flex flex-wrap items-center justify-between gap-4 px-4 py-5 text-sm text-slate-600 sm:px-6">
        <p>Waymark — supply chains for outcome-funded employment programmes.</p>
        <nav aria-label="Footer">
          <ul className="flex gap-5">
            <li>
              <Link href="/status" className="text-teal-700 underline hover:text-teal-800">
                Service status
              </Link>
            </li>
          </ul>
        </nav>
      </div>
    </footer>
  );
}
