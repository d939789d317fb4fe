import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { SignInForm } from '@/components/sign-in-form';
import { safeNextPath } from '@/lib/next-path';
import { getSession } from '@/lib/session';

export const metadata: Metadata = { title: 'Sign in' };
export const dynamic = 'force-dynamic';

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** Why the visitor was sent here, said before the form. */
const NOTICES: Record<string, { tone: 'success' | 'info'; text: string }> = {
  'invitation-accepted': {
    tone: 'success',
    text: 'Your account is ready. Sign in with your email address and the password you chose.',
  },
  'session-ended': {
    tone: 'info',
    text: 'Your session has ended. Sign in again to carry on.',
  },
  'signed-out': { tone: 'info', text: 'You have signed out.' },
};

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export default async function SignInPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const next = safeNextPath(first(params.next));
  // Already signed in: straight to where they were going. An unreachable API still shows the form.
  const session = await getSession();
  if (session.status === 'signed-in') redirect(next);

  const notice = NOTICES[first(params.reason) ?? ''];
  const email = first(params.email) ?? '';

  return (
    <div className="mx-auto grid max-w-5xl items-start gap-8 lg:grid-cols-[minmax(0,1fr)_minmax(0,22rem)] lg:gap-10">
      <div className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm sm:p-10">
        {notice && (
          <div
            role="status"
            className={`mb-6 rounded-md border-l-4 p-4 font-semibold text-navy-900 ${
              notice.tone === 'success'
                ? 'border-teal-700 bg-teal-50'
                : 'border-navy-600 bg-navy-50'
            }`}
          >
            {notice.text}
          </div>
        )}
        <h1 className="text-3xl font-semibold text-navy-900">Sign in to Waymark</h1>
        <p className="mt-2 text-slate-700">
          Use the email address and password for your organisation&rsquo;s account.
        </p>
        <SignInForm next={next} defaultEmail={email.slice(0, 320)} />
      </div>
      <aside aria-labelledby="demo-logins-heading" className="space-y-6">
        <div className="rounded-xl bg-navy-900 p-6 text-white">
          <h2 className="text-lg font-semibold">Every party, one record</h2>
          <p className="mt-2 text-sm text-navy-100">
            Commissioners, prime providers and their supply chains see the same referrals, claims
            and payments — each only their own slice.
          </p>
        </div>
        <div className="rounded-xl border border-teal-300 bg-teal-50 p-6">
          <h2 id="demo-logins-heading" className="text-lg font-semibold text-navy-900">
            Demo logins
          </h2>
          <p className="mt-2 text-sm text-slate-700">
            Demo logins are printed by npm start and listed in the README.
          </p>
        </div>
      </aside>
    </div>
  );
}
