'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { createBrowserClient, unwrap } from '@/lib/api';
import { describeError } from '@/lib/form-errors';

/** Marks one notification read (or all of them), then re-renders the page and the header's count. */
export function MarkRead({ id, label }: { id?: string; label: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [isPending, startTransition] = useTransition();

  async function markRead() {
    setError(null);
    try {
      const client = createBrowserClient();
      if (id) unwrap(await client.POST('/notifications/{id}/read', { params: { path: { id } } }));
      else unwrap(await client.POST('/notifications/read-all'));
      startTransition(() => router.refresh());
    } catch (caught) {
      setError(describeError(caught));
    }
  }

  return (
    <span className="inline-flex flex-col gap-1">
      <button
        type="button"
        onClick={() => void markRead()}
        disabled={isPending}
        className="rounded border border-slate-300 px-3 py-1.5 text-sm font-medium text-navy-900 hover:bg-slate-50"
      >
        {isPending ? 'Marking…' : label}
      </button>
      {error && (
        <span role="alert" className="text-sm text-red-800">
          {error}
        </span>
      )}
    </span>
  );
}
