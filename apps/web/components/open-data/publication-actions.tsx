'use client';

// The commissioner's switch for a programme's open data: publish its OCDS
// release package at a public address anyone can read without signing in, or
// withdraw it. Confirmed in a dialog, because publishing is a decision about
// what the public sees.
import { ActionDialog } from '@/components/action-dialog';
import { createBrowserClient, unwrap } from '@/lib/api';

export function PublicationActions({
  programmeId,
  programmeName,
  isPublished,
}: {
  programmeId: string;
  programmeName: string;
  isPublished: boolean;
}) {
  return isPublished ? (
    <ActionDialog
      id={`withdraw-${programmeId}`}
      openLabel="Withdraw from publication"
      title={`Withdraw ${programmeName}’s open data`}
      confirmLabel="Withdraw"
      busyLabel="Withdrawing…"
      variant="secondary"
      summary={
        <p>
          The public address will answer “not found”. Copies people have already downloaded stay
          with them.
        </p>
      }
      onConfirm={async () => {
        unwrap(
          await createBrowserClient().PUT('/open-data/programmes/{id}/publication', {
            params: { path: { id: programmeId } },
            body: { isPublished: false },
          }),
        );
        return `${programmeName}: open data withdrawn.`;
      }}
    />
  ) : (
    <ActionDialog
      id={`publish-${programmeId}`}
      openLabel="Publish"
      title={`Publish ${programmeName}’s open data`}
      confirmLabel="Publish"
      busyLabel="Publishing…"
      summary={
        <p>
          Anyone will be able to read the programme’s OCDS release package at a public address,
          without signing in: the organisations, contracts, contract values and payments. It holds
          nothing about participants or staff.
        </p>
      }
      onConfirm={async () => {
        unwrap(
          await createBrowserClient().PUT('/open-data/programmes/{id}/publication', {
            params: { path: { id: programmeId } },
            body: { isPublished: true },
          }),
        );
        return `${programmeName}: open data published.`;
      }}
    />
  );
}
