// A server-rendered data table whose state lives in the URL: sorting by
// column-header links, filtering by a GET form, keyset paging by a "next"
// cursor link, and CSV export by a link to the API's export route (through
// the portal's /api proxy). Works without JavaScript, and every control is a
// real link or form control, so keyboard and screen-reader use come for free.
import Link from 'next/link';
import { type ReactNode } from 'react';

export interface Column<Row> {
  /** Query value for ?sort= when sortable. */
  key: string;
  header: string;
  cell: (row: Row) => ReactNode;
  isSortable?: boolean;
  /** Right-align numbers and money. */
  isNumeric?: boolean;
}

export interface TableState {
  /** The page's path, e.g. /caseload. */
  path: string;
  /** Current search params (filters, sort, cursor). */
  params: Record<string, string | undefined>;
}

function hrefWith(state: TableState, changes: Record<string, string | undefined>): string {
  const merged = { ...state.params, ...changes };
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(merged)) if (value) query.set(name, value);
  const text = query.toString();
  return text ? `${state.path}?${text}` : state.path;
}

export function DataTable<Row>({
  caption,
  columns,
  rows,
  rowKey,
  state,
  nextCursor,
  exportHref,
  emptyMessage = 'Nothing to show.',
  totalsRow,
  pageInfo,
}: {
  caption: string;
  columns: Column<Row>[];
  rows: Row[];
  rowKey: (row: Row) => string;
  state: TableState;
  nextCursor?: string | null;
  /** A CSV export of the same filter, when the API has one. */
  exportHref?: string;
  emptyMessage?: string;
  /** Money totals over the whole filter (from the API, never summed from the rows in view), keyed by column. */
  totalsRow?: { label: string; cells: Record<string, ReactNode> };
  /** "Page 2 of 14 · 683 claims", when the API counts the whole filter. */
  pageInfo?: string;
}) {
  const sort = state.params.sort;
  const [sortKey, sortDirection] = sort?.startsWith('-')
    ? [sort.slice(1), 'descending' as const]
    : [sort, 'ascending' as const];

  return (
    <div className="space-y-3">
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="min-w-full divide-y divide-slate-200 text-sm">
          <caption className="sr-only">{caption}</caption>
          <thead className="bg-slate-50">
            <tr>
              {columns.map((column) => {
                const isSorted = sortKey === column.key;
                return (
                  <th
                    key={column.key}
                    scope="col"
                    aria-sort={isSorted ? sortDirection : undefined}
                    className={`px-4 py-3 font-semibold text-slate-700 ${column.isNumeric ? 'text-right' : 'text-left'}`}
                  >
                    {column.isSortable ? (
                      <Link
                        className="inline-flex items-center gap-1 underline-offset-4 hover:underline focus-visible:outline-2"
                        href={hrefWith(state, {
                          sort:
                            isSorted && sortDirection === 'ascending'
                              ? `-${column.key}`
                              : column.key,
                          cursor: undefined,
                          page: undefined,
                        })}
                      >
                        {column.header}
                        <span aria-hidden="true">
                          {isSorted ? (sortDirection === 'ascending' ? '▲' : '▼') : '↕'}
                        </span>
                        <span className="sr-only">
                          , sort{' '}
                          {isSorted && sortDirection === 'ascending' ? 'descending' : 'ascending'}
                        </span>
                      </Link>
                    ) : (
                      column.header
                    )}
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.length === 0 ? (
              <tr>
                <td colSpan={columns.length} className="px-4 py-8 text-center text-slate-600">
                  {emptyMessage}
                </td>
              </tr>
            ) : (
              rows.map((row) => (
                <tr key={rowKey(row)} className="hover:bg-slate-50">
                  {columns.map((column) => (
                    <td
                      key={column.key}
                      className={`px-4 py-3 align-top ${column.isNumeric ? 'text-right tabular-nums' : ''}`}
                    >
                      {column.cell(row)}
                    </td>
                  ))}
                </tr>
              ))
            )}
          </tbody>
          {totalsRow && rows.length > 0 && (
            <tfoot className="border-t-2 border-slate-300 bg-slate-50 font-semibold">
              <tr>
                {columns.map((column, index) => (
                  <td
                    key={column.key}
                    className={`px-4 py-3 ${column.isNumeric ? 'text-right tabular-nums' : ''}`}
                  >
                    {index === 0 ? totalsRow.label : (totalsRow.cells[column.key] ?? null)}
                  </td>
                ))}
              </tr>
            </tfoot>
          )}
        </table>
      </div>
      <div className="flex flex-wrap items-center justify-between gap-3 text-sm">
        <div className="flex flex-wrap items-center gap-3">
          {pageInfo && <p className="text-slate-700">{pageInfo}</p>}
          {state.params.cursor && (
            <Link
              className="rounded border border-slate-300 px-3 py-1.5 hover:bg-slate-50"
              href={hrefWith(state, { cursor: undefined })}
            >
              First page
            </Link>
          )}
          {nextCursor && (
            <Link
              className="rounded border border-slate-300 px-3 py-1.5 hover:bg-slate-50"
              href={hrefWith(state, { cursor: nextCursor })}
            >
              Next page
            </Link>
          )}
        </div>
        {exportHref && (
          <a
            className="rounded border border-teal-700 px-3 py-1.5 font-medium text-teal-800 hover:bg-teal-50"
            href={exportHref}
            download
          >
            Download CSV
          </a>
        )}
      </div>
    </div>
  );
}
