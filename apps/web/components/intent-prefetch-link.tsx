'use client';

import Link from 'next/link';
import { type ComponentProps, useState } from 'react';

/**
 * A Link that prefetches once the person shows they may follow it (pointer over it, keyboard focus, touch),
 * not as soon as it is on screen. Every portal route is dynamic, so a viewport prefetch is a server render
 * (the section's layout and its session check against the API): the navigation's twenty-odd links made each
 * page view cost twenty renders the person mostly never opened, competing with the page they did open
 * (Next's "hover-triggered prefetch", docs/app/guides/prefetching).
 */
export function IntentPrefetchLink({
  onMouseEnter,
  onFocus,
  onTouchStart,
  ...props
}: Omit<ComponentProps<typeof Link>, 'prefetch'>) {
  const [isIntended, setIsIntended] = useState(false);
  return (
    <Link
      {...props}
      prefetch={isIntended ? null : false}
      onMouseEnter={(event) => {
        setIsIntended(true);
        onMouseEnter?.(event);
      }}
      onFocus={(event) => {
        setIsIntended(true);
        onFocus?.(event);
      }}
      onTouchStart={(event) => {
        setIsIntended(true);
        onTouchStart?.(event);
      }}
    />
  );
}
