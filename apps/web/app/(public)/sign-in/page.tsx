import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { SignInForm } from '@/components/sign-in-form';
import { getSession } from '@/lib/session';

export const metadata: Metadata = { title: 'Sign in' };
export const dynamic = 'force-dynamic';

export default async function SignInPage() {
  // Already signed in: straight to the workspace. An unreachable API still shows the form.
  const session = await getSession();
  if (session.status === 'signed-in') redirect('/');

  return (
    <div className="mx-auto grid max-w-5xl items-start gap-8 lg:grid-cols-[minmax(0,1fr)_minmax(0,22rem)] lg:gap-10">
      <div className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm sm:p-10">
        <h1 className="text-3xl font-semibold text-navy-900">Sign in to Waymark</h1>
        <p className="mt-2 text-slate-700">
          Use the email address and password for your organisation&rsquo;s account.
        </p>
        <SignInForm />
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
