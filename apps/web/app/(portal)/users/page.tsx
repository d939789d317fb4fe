import type { Metadata } from 'next';
import { ErrorState } from '@/components/error-state';
import { UsersAdmin } from '@/components/users/users-admin';
import { unwrap } from '@/lib/api';
import { describeError } from '@/lib/form-errors';
import { createServerClient } from '@/lib/server-api';
import { requireSection } from '@/lib/session';

export const metadata: Metadata = { title: 'Users' };
export const dynamic = 'force-dynamic';

export default async function UsersPage() {
  const access = await requireSection('users');
  if (!access) return null;

  const client = await createServerClient();
  let data;
  try {
    const [users, invitations] = await Promise.all([
      client.GET('/users').then(unwrap),
      client.GET('/invitations').then(unwrap),
    ]);
    data = { users: users.users, invitations: invitations.invitations };
  } catch (error) {
    return (
      <ErrorState title="Users could not be loaded">
        <p>{describeError(error)}</p>
      </ErrorState>
    );
  }

  return (
    <div className="space-y-10">
      <div className="space-y-2">
        <h1 className="text-3xl font-semibold text-navy-900">Users</h1>
        <p className="max-w-prose text-slate-700">
          Everyone who can sign in to <strong>{access.user.organisation.name}</strong>. Invite
          people, change what they may do, or deactivate them — every change is recorded in the
          audit trail with your reason.
        </p>
      </div>
      <UsersAdmin
        users={data.users}
        invitations={data.invitations}
        currentUserId={access.user.id}
      />
    </div>
  );
}
