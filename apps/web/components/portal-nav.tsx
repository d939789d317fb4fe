'use client';

import { usePathname } from 'next/navigation';
import type { Section } from '@/lib/navigation';
import { IntentPrefetchLink } from './intent-prefetch-link';

/** The party's sections: a column beside the content on wide screens, a scrollable row on narrow ones. */
export function PortalNav({ sections }: { sections: Section[] }) {
  const pathname = usePathname();
  const links = [
    { href: '/', title: 'Home' },
    ...sections.map((section) => ({ href: `/${section.slug}`, title: section.title })),
  ];

  return (
    <nav aria-label="Portal">
      <ul className="flex gap-1 overflow-x-auto px-3 py-2 md:flex-col md:overflow-visible md:px-3 md:py-6">
        {links.map((link) => {
          const isCurrent = link.href === '/' ? pathname === '/' : pathname.startsWith(link.href);
          return (
            <li key={link.href} className="shrink-0">
              <IntentPrefetchLink
                href={link.href}
                aria-current={isCurrent ? 'page' : undefined}
                className={
                  isCurrent
                    ? 'block rounded-md border-l-4 border-teal-600 bg-teal-50 px-3 py-2 text-sm font-semibold text-navy-900'
                    : 'block rounded-md border-l-4 border-transparent px-3 py-2 text-sm font-medium text-slate-700 hover:bg-slate-100 hover:text-navy-900'
                }
              >
                {link.title}
              </IntentPrefetchLink>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
