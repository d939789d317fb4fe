// Referrals in a DataTable: participant reference linking to the participant
// page, status, payment group, subcontractor, last activity and contact, and
// days since last activity. With `isSortable`, every column the caseload API
// can order by (GET /caseload?sort=) gets a sorting header.
import Link from 'next/link';
import { type ReactNode } from 'react';
import { DataTable, type Column, type TableState } from '@/components/data/data-table';
import { StatusBadge } from '@/components/data/status-badge';
import { formatDate } from '@/lib/format';
import type { CaseloadRow } from './shared';

export function ReferralTable({
  caption,
  rows,
  state,
  nextCursor = null,
  subcontractName,
  actions,
  exportHref,
  emptyMessage,
  showActivity = true,
  isSortable = false,
}: {
  caption: string;
  rows: CaseloadRow[];
  state: TableState;
  /** Keyset paging's next page; lists paged by number (NumberedPager) leave it out. */
  nextCursor?: string | null;
  subcontractName?: (id: string | null) => string;
  actions?: (row: CaseloadRow) => ReactNode;
  exportHref?: string;
  emptyMessage?: string;
  showActivity?: boolean;
  /** Sorting headers for status, payment group, subcontractor, last activity and last contact (received is always sortable). */
  isSortable?: boolean;
}) {
  const columns: Column<CaseloadRow>[] = [
    {
      key: 'participant',
      header: 'Participant',
      cell: (row) => (
        <Link
          href={`/referrals/${row.referralId}`}
          className="font-semibold text-teal-800 underline underline-offset-4"
        >
          {row.participantReference}
        </Link>
      ),
    },
    {
      key: 'status',
      header: 'Status',
      isSortable,
      cell: (row) => <StatusBadge status={row.status} />,
    },
    {
      key: 'receivedAt',
      header: 'Received',
      isSortable: true,
      cell: (row) => formatDate(row.receivedAt),
    },
    {
      key: 'paymentGroup',
      header: 'Payment group',
      isSortable,
      cell: (row) => row.paymentGroupName ?? row.paymentGroup ?? 'Not assessed',
    },
  ];
  if (subcontractName)
    columns.push({
      key: 'subcontract',
      header: 'Subcontractor',
      isSortable,
      cell: (row) => (row.subcontractId ? subcontractName(row.subcontractId) : '—'),
    });
  if (showActivity) {
    columns.push(
      {
        key: 'lastContact',
        header: 'Last contact',
        isSortable,
        cell: (row) => (row.lastContactOn ? formatDate(row.lastContactOn) : 'None yet'),
      },
      {
        key: 'lastActivity',
        header: 'Last activity',
        isSortable,
        cell: (row) => (row.lastActivityOn ? formatDate(row.lastActivityOn) : 'None yet'),
      },
      {
        key: 'days',
        header: 'Days since',
        isNumeric: true,
        cell: (row) =>
          row.daysSinceLastActivity >= 14 ? (
            <strong className="text-amber-900">{row.daysSinceLastActivity}</strong>
          ) : (
            row.daysSinceLastActivity
          ),
      },
    );
  }
  if (actions) columns.push({ key: 'actions', header: 'Actions', cell: actions });
  return (
    <DataTable
      caption={caption}
      columns={columns}
      rows={rows}
      rowKey={(row) => row.referralId}
      state={state}
      nextCursor={nextCursor}
      exportHref={exportHref}
      emptyMessage={emptyMessage}
    />
  );
}
