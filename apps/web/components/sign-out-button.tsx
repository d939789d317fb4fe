'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { createBrowserClient, signOut } from '@/lib/api';

export function SignOutButton() {
  const router = useRouter();
  const [isPending, setIsPending] = useState(false);
  const [hasFailed, setHasFailed] = useState(false);

  async function handleSignOut() {
    setIsPending(true);
    setHasFailed(false);
    try {
      await signOut(createBrowserClient());
      router.replace('/sign-in?reason=signed-out');
      router.refresh();
    } catch {
      setHasFailed(true);
      setIsPending(false);
    }
  }

  return (
    <div className="flex items-center gap-2">
      {hasFailed && (
        <p role="alert" className="text-sm text-amber-200">
          Sign-out failed, try again
        </p>
      )}
      <button
        type="button"
        onClick={() => void handleSignOut()}
        disabled={isPending}
        aria-busy={isPending}
        className="rounded-md border border-white/40 px-3 py-1.5 text-sm font-medium text-white hover:bg-white/10 disabled:cursor-progress disabled:opacity-70"
      >
        {isPending ? 'Signing out…' : 'Sign out'}
      </button>
    </div>
  );
}
