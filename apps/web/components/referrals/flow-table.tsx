// Each subcontractor's actual against promised share, with capacity, as a table.
import { formatBp, type Flow } from './shared';

export function FlowTable({ reference, flow }: { reference: string; flow: Flow }) {
  return (
    // Focusable so keyboard users can scroll it on a narrow screen.
    <div
      role="region"
      aria-label={`${reference}: shares and capacity`}
      tabIndex={0}
      className="overflow-x-auto rounded-lg border border-slate-200 bg-white"
    >
      <table className="min-w-full divide-y divide-slate-200 text-sm">
        <caption className="px-4 pt-3 text-left font-semibold text-navy-900">
          {reference}: shares and capacity
        </caption>
        <thead className="bg-slate-50">
          <tr>
            <th scope="col" className="px-3 py-2 text-left">
              Subcontractor
            </th>
            <th scope="col" className="px-3 py-2 text-right">
              Actual share
            </th>
            <th scope="col" className="px-3 py-2 text-right">
              Promised share
            </th>
            <th scope="col" className="px-3 py-2 text-right">
              Owed referrals
            </th>
            <th scope="col" className="px-3 py-2 text-right">
              Caseload / capacity
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {flow.lines.map((line) => (
            <tr key={line.subcontractId}>
              <th scope="row" className="px-3 py-2 text-left font-medium">
                {line.subcontractorName}
              </th>
              <td className="px-3 py-2 text-right tabular-nums">{formatBp(line.actualShareBp)}</td>
              <td className="px-3 py-2 text-right tabular-nums">{formatBp(line.bidShareBp)}</td>
              <td className="px-3 py-2 text-right tabular-nums">
                {line.deficit > 0 ? (
                  <strong className="text-amber-900">{line.deficit}</strong>
                ) : (
                  '0'
                )}
              </td>
              <td className="px-3 py-2 text-right tabular-nums">
                {line.caseload}
                {line.capacity !== null
                  ? ` / ${line.capacity} (${formatBp(line.capacityUseBp)})`
                  : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
