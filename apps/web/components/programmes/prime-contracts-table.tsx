// Prime contracts with names, money in pounds and dates in words: on a programme's page and on the
// commissioner's list of every contract (which adds a link to each contract's programme).
import Link from 'next/link';
import { type components } from '@waymark/api-client';
import { formatDate, formatMoney } from '@/lib/format';

type PrimeContract = components['schemas']['PrimeContractResponseDto']['primeContract'];
const th = 'px-3 py-2 text-left font-semibold text-navy-900';
const td = 'px-3 py-2 align-top';

export function PrimeContractsTable({
  contracts,
}: {
  contracts: (PrimeContract & { programme?: { id: string; name: string } })[];
}) {
  const showProgramme = contracts.some((c) => c.programme);
  return (
    <div className="overflow-x-auto">
      <table className="min-w-full divide-y divide-slate-300 bg-white text-sm">
        <thead className="bg-slate-100">
          <tr>
            <th scope="col" className={th}>
              Reference
            </th>
            {showProgramme && (
              <th scope="col" className={th}>
                Programme
              </th>
            )}
            <th scope="col" className={th}>
              Prime
            </th>
            <th scope="col" className={th}>
              Area
            </th>
            <th scope="col" className={th}>
              Payment model
            </th>
            <th scope="col" className={`${th} text-right`}>
              Value cap
            </th>
            <th scope="col" className={th}>
              Runs
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-200">
          {contracts.map((c) => (
            <tr key={c.id}>
              <th scope="row" className={`${td} font-semibold`}>
                {c.reference}
              </th>
              {showProgramme && (
                <td className={td}>
                  {c.programme && (
                    <Link
                      href={`/programmes/${c.programme.id}`}
                      className="text-teal-800 underline"
                    >
                      {c.programme.name}
                    </Link>
                  )}
                </td>
              )}
              <td className={td}>{c.primeName}</td>
              <td className={td}>{c.contractAreaName}</td>
              <td className={td}>{c.paymentModelName}</td>
              <td className={`${td} whitespace-nowrap text-right tabular-nums`}>
                {formatMoney(c.valueCapPence)}
              </td>
              <td className={td}>
                {formatDate(c.startsOn)} to {formatDate(c.endsOn)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
