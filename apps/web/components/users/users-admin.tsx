'use client';

import type { OrganisationUser, PendingInvitation } from '@/lib/api';
import { InviteUser } from './invite-user';
import { PendingInvitations } from './pending-invitations';
import { UserTable } from './user-table';

/** The users page's interactive parts; data comes from the server and is re-fetched with router.refresh(). */
export function UsersAdmin({
  users,
  invitations,
  currentUserId,
}: {
  users: OrganisationUser[];
  invitations: PendingInvitation[];
  currentUserId: string;
}) {
  return (
    <>
      <UserTable users={users} currentUserId={currentUserId} />
      <InviteUser />
      <PendingInvitations invitations={invitations} />
    </>
  );
}
