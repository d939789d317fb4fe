'use client';

import { createBrowserClient, unwrap, type PendingInvitation } from '@/lib/api';
import { formatDateTime } from '@/lib/format';
import { describeRoles } from '@/lib/navigation';
import { ActionDialog } from '../action-dialog';

export function PendingInvitations({ invitations }: { invitations: PendingInvitation[] }) {
  async function revoke(invitation: PendingInvitation): Promise<string> {
    unwrap(
      await createBrowserClient().DELETE('/invitations/{id}', {
        params: { path: { id: invitation.id } },
      }),
    );
    return `Invitation for ${invitation.email} revoked: the link no longer works.`;
  }

  return (
    <section aria-labelledby="pending-heading" className="space-y-4">
      <h2 id="pending-heading" className="text-2xl font-semibold text-navy-900">
        Pending invitations
      </h2>
      {invitations.length === 0 ? (
        <p className="text-slate-700">No invitations are waiting to be accepted.</p>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
          <table className="w-full min-w-[40rem] text-left text-sm">
            <caption className="sr-only">Invitations not yet accepted</caption>
            <thead className="border-b border-slate-200 bg-slate-50 text-navy-900">
              <tr>
                <th scope="col" className="px-4 py-3 font-semibold">
                  Name
                </th>
                <th scope="col" className="px-4 py-3 font-semibold">
                  Email
                </th>
                <th scope="col" className="px-4 py-3 font-semibold">
                  Roles
                </th>
                <th scope="col" className="px-4 py-3 font-semibold">
                  Expires
                </th>
                <th scope="col" className="px-4 py-3 font-semibold">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-200">
              {invitations.map((invitation) => (
                <tr key={invitation.id}>
                  <th
                    scope="row"
                    className="px-4 py-3 font-semibold whitespace-nowrap text-navy-900"
                  >
                    {invitation.displayName}
                  </th>
                  <td className="px-4 py-3 break-words text-slate-700">{invitation.email}</td>
                  <td className="px-4 py-3 text-slate-700">{describeRoles(invitation.roles)}</td>
                  <td className="px-4 py-3 text-slate-700">
                    {formatDateTime(invitation.expiresAt)}
                  </td>
                  <td className="px-4 py-3 text-right">
                    <ActionDialog
                      id={`revoke-invitation-${invitation.id}`}
                      openLabel={
                        <>
                          Revoke<span className="sr-only"> invitation for {invitation.email}</span>
                        </>
                      }
                      openVariant="secondary"
                      variant="danger"
                      title="Revoke this invitation?"
                      confirmLabel="Revoke invitation"
                      busyLabel="Revoking…"
                      summary={
                        <p>
                          The link sent to <strong>{invitation.email}</strong> will stop working at
                          once. You can invite them again later.
                        </p>
                      }
                      onConfirm={() => revoke(invitation)}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
