import type { Metadata } from 'next';
import { AcceptInvitationForm } from '@/components/accept-invitation-form';
import { ErrorState } from '@/components/error-state';

export const metadata: Metadata = { title: 'Accept your invitation', referrer: 'no-referrer' };
export const dynamic = 'force-dynamic';

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function AcceptInvitationPage({
  searchParams,
}: {
  searchParams: SearchParams;
}) {
  const { token } = await searchParams;
  if (typeof token !== 'string' || token.length === 0) {
    return (
      <ErrorState title="This invitation link is incomplete">
        <p>
          The link should end with <code>?token=</code> followed by a long code. Open it again from
          the message your organisation admin sent, or copy the whole link into the address bar.
        </p>
      </ErrorState>
    );
  }

  return (
    <div className="mx-auto max-w-2xl rounded-xl border border-slate-200 bg-white p-6 shadow-sm sm:p-10">
      <AcceptInvitationForm token={token} />
    </div>
  );
}
