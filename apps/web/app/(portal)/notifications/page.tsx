import type { Metadata } from 'next';
import Link from 'next/link';
import { PageHeader } from '@/components/data/page-header';
import { NumberedPager, pageFrom } from '@/components/data/numbered-pager';
import { ErrorState } from '@/components/error-state';
import { pickParams, type SearchParams } from '@/components/money/shared';
import { MarkRead } from '@/components/notifications/notification-actions';
import { unwrap } from '@/lib/api';
import { formatDateTime } from '@/lib/format';
import { describeError } from '@/lib/form-errors';
import { createServerClient } from '@/lib/server-api';
import { requireSection } from '@/lib/session';

export const metadata: Metadata = { title: 'Notifications' };
export const dynamic = 'force-dynamic';

const PAGE_SIZE = 25;

export default async function NotificationsPage({
  searchParams,
}: {
  searchParams: Promise<SearchParams>;
}) {
  const access = await requireSection('notifications');
  if (!access) return null;
  const params = pickParams(await searchParams, ['unread', 'page']);
  const isUnreadOnly = params.unread === 'yes';
  const page = pageFrom(params.page);

  const client = await createServerClient();
  let inbox;
  try {
    inbox = await client
      .GET('/notifications', {
        params: {
          query: { unreadOnly: isUnreadOnly ? 'true' : 'false', page, pageSize: PAGE_SIZE },
        },
      })
      .then(unwrap);
  } catch (error) {
    return (
      <ErrorState title="Your notifications could not be loaded">
        <p>{describeError(error)}</p>
      </ErrorState>
    );
  }

  return (
    <div className="space-y-6">
      <PageHeader
        title="Notifications"
        description={
          <>
            Claims queried or decided, payments, referrals and alerts that concern you. Choose which
            you also get by email on{' '}
            <Link href="/account" className="text-teal-800 underline underline-offset-4">
              your account
            </Link>
            .
          </>
        }
        actions={inbox.unread > 0 ? <MarkRead label="Mark all as read" /> : undefined}
      />
      <nav aria-label="Which notifications" className="flex gap-2 text-sm">
        <Link
          href="/notifications"
          aria-current={isUnreadOnly ? undefined : 'page'}
          className={`rounded px-3 py-1.5 ${isUnreadOnly ? 'border border-slate-300' : 'bg-navy-900 font-semibold text-white'}`}
        >
          All
        </Link>
        <Link
          href="/notifications?unread=yes"
          aria-current={isUnreadOnly ? 'page' : undefined}
          className={`rounded px-3 py-1.5 ${isUnreadOnly ? 'bg-navy-900 font-semibold text-white' : 'border border-slate-300'}`}
        >
          Unread ({inbox.unread.toLocaleString('en-GB')})
        </Link>
      </nav>
      {inbox.notifications.length === 0 ? (
        <p className="rounded-lg border border-slate-200 bg-white p-6 text-slate-700">
          {isUnreadOnly ? 'Nothing unread.' : 'No notifications yet.'}
        </p>
      ) : (
        <ul
          className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white"
          aria-label="Notifications, newest first"
        >
          {inbox.notifications.map((item) => (
            <li
              key={item.id}
              className={`flex flex-wrap items-start justify-between gap-3 p-4 ${item.isRead ? '' : 'border-l-4 border-teal-700 bg-teal-50'}`}
              data-testid="notification"
            >
              <div className="min-w-0 max-w-prose space-y-1">
                <p className="font-semibold text-navy-900">
                  {!item.isRead && <span className="sr-only">Unread: </span>}
                  {item.linkPath ? (
                    <Link href={item.linkPath} className="underline-offset-4 hover:underline">
                      {item.title}
                    </Link>
                  ) : (
                    item.title
                  )}
                </p>
                <p className="break-words text-slate-700">{item.body}</p>
                <p className="text-xs text-slate-600">{formatDateTime(item.createdAt)}</p>
              </div>
              {!item.isRead && <MarkRead id={item.id} label="Mark as read" />}
            </li>
          ))}
        </ul>
      )}
      <NumberedPager
        path="/notifications"
        params={params}
        page={page}
        pageSize={PAGE_SIZE}
        total={inbox.total}
        noun={['notification', 'notifications']}
      />
    </div>
  );
}
