// Audit events as people read them: when (UK time), who (name and
// organisation), what (in words, with the reason given), and which record.
import type { components } from '@waymark/api-client';
import { DataTable } from '@/components/data/data-table';
import { formatDateTime } from '@/lib/format';

export type AuditEvent = components['schemas']['AuditEventPageDto']['events'][number];

export function AuditEventTable({
  events,
  path,
  params,
  caption,
  exportHref,
}: {
  events: AuditEvent[];
  path: string;
  params: Record<string, string | undefined>;
  caption: string;
  exportHref?: string;
}) {
  return (
    <DataTable
      caption={caption}
      rows={events}
      rowKey={(event) => event.seq}
      state={{ path, params }}
      {...(exportHref ? { exportHref } : {})}
      emptyMessage="No events match."
      columns={[
        {
          key: 'when',
          header: 'When',
          cell: (event) => (
            <span className="whitespace-nowrap">{formatDateTime(event.occurredAt)}</span>
          ),
        },
        {
          key: 'who',
          header: 'Who',
          cell: (event) => (
            <span>
              {event.actorName ?? 'Waymark (scheduled job)'}
              {event.actorOrganisationName && (
                <span className="block text-xs text-slate-600">{event.actorOrganisationName}</span>
              )}
            </span>
          ),
        },
        {
          key: 'what',
          header: 'What',
          cell: (event) => (
            <span className="block max-w-md">
              {event.description}
              {event.reason && (
                <span className="block text-xs text-slate-700">“{event.reason}”</span>
              )}
            </span>
          ),
        },
        {
          key: 'record',
          header: 'Record',
          cell: (event) => (
            <span className="block max-w-sm">
              {event.record ?? event.recordType}
              {event.programmeName && (
                <span className="block text-xs text-slate-600">{event.programmeName}</span>
              )}
            </span>
          ),
        },
      ]}
    />
  );
}
