'use client';

import { buttonClass } from '@/components/form';

export function PrintButton() {
  return (
    <button type="button" className={buttonClass('secondary', 'sm')} onClick={() => window.print()}>
      Print
    </button>
  );
}
