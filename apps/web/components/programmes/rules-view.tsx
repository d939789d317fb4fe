// A payment model definition as people read it: groups and how participants fall into them,
// milestones and what makes each fall, every amount in pounds, tapers and caps.
import { formatMoney } from '@/lib/format';
import {
  describeCondition,
  describeTaper,
  describeTrigger,
  namesOf,
  perGroupWords,
  type Definition,
} from './describe';

const th = 'px-3 py-2 text-left font-semibold text-navy-900';
const td = 'px-3 py-2 align-top';

export function RulesView({ definition }: { definition: Definition }) {
  const names = namesOf(definition);
  const amount = (group: string, milestone: string) =>
    definition.tariffs.find((t) => t.paymentGroup === group && t.milestone === milestone)
      ?.amountsPence;
  return (
    <div className="space-y-8">
      <section aria-labelledby="groups-heading">
        <h3 id="groups-heading" className="text-xl font-semibold text-navy-900">
          Payment groups and how participants fall into them
        </h3>
        <p className="mt-1 text-slate-700">Tried in order; the first that holds decides.</p>
        <ol className="mt-3 list-decimal space-y-1 pl-6">
          {definition.grouping.rules.map((rule) => (
            <li key={rule.id}>
              <span className="font-semibold">{names.group(rule.paymentGroup)}</span> —{' '}
              {rule.description} ({describeCondition(rule.when)})
            </li>
          ))}
          <li>
            Otherwise{' '}
            <span className="font-semibold">
              {names.group(definition.grouping.fallback.paymentGroup)}
            </span>{' '}
            — {definition.grouping.fallback.description}
          </li>
        </ol>
      </section>

      <section aria-labelledby="milestones-heading">
        <h3 id="milestones-heading" className="text-xl font-semibold text-navy-900">
          Milestones
        </h3>
        <div className="mt-3 overflow-x-auto">
          <table className="min-w-full divide-y divide-slate-300 text-sm">
            <thead className="bg-slate-100">
              <tr>
                <th scope="col" className={th}>
                  Milestone
                </th>
                <th scope="col" className={th}>
                  Falls
                </th>
                <th scope="col" className={th}>
                  Needs first
                </th>
                <th scope="col" className={th}>
                  Times paid
                </th>
                <th scope="col" className={th}>
                  Claim window
                </th>
                <th scope="col" className={th}>
                  Evidence
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-200">
              {definition.milestones.map((m) => (
                <tr key={m.code}>
                  <th scope="row" className={`${td} font-semibold`}>
                    {m.name}
                  </th>
                  <td className={td}>
                    {describeTrigger(m, names)}
                    {m.earliestDaysAfterStart !== undefined && (
                      <>; not before {m.earliestDaysAfterStart} days after the start</>
                    )}
                  </td>
                  <td className={td}>
                    {m.prerequisites.length ? m.prerequisites.map(names.milestone).join(', ') : '—'}
                  </td>
                  <td className={td}>
                    {perGroupWords(m.maxOccurrences, (n) => String(n), names.group)}
                  </td>
                  <td className={td}>
                    {m.claimableAfterWorkingDays !== undefined && (
                      <>from {m.claimableAfterWorkingDays} working days after; </>
                    )}
                    within {m.claimWithinDays} days
                  </td>
                  <td className={td}>
                    {m.evidenceRequired.length ? m.evidenceRequired.join(', ') : '—'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section aria-labelledby="tariffs-heading">
        <h3 id="tariffs-heading" className="text-xl font-semibold text-navy-900">
          Amounts
        </h3>
        <p className="mt-1 text-slate-700">Per occurrence, before any taper and caps.</p>
        <div className="mt-3 overflow-x-auto">
          <table className="min-w-full divide-y divide-slate-300 text-sm">
            <thead className="bg-slate-100">
              <tr>
                <th scope="col" className={th}>
                  Milestone
                </th>
                {definition.paymentGroups.map((g) => (
                  <th scope="col" key={g.code} className={`${th} text-right`}>
                    {g.name}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-200">
              {definition.milestones.map((m) => (
                <tr key={m.code}>
                  <th scope="row" className={`${td} font-semibold`}>
                    {m.name}
                  </th>
                  {definition.paymentGroups.map((g) => {
                    const amounts = amount(g.code, m.code);
                    return (
                      <td
                        key={g.code}
                        className={`${td} whitespace-nowrap text-right tabular-nums`}
                      >
                        {!amounts
                          ? 'not paid'
                          : amounts.length === 1
                            ? formatMoney(amounts[0])
                            : `${formatMoney(amounts[0])} … ${formatMoney(amounts[amounts.length - 1])} (${amounts.length} amounts, ${formatMoney(amounts.reduce((s, a) => s + BigInt(a), 0n))} in all)`}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <ul className="mt-3 list-disc space-y-1 pl-6 text-slate-800">
          {definition.tapers.map((t) => (
            <li key={t.milestone}>
              {names.milestone(t.milestone)} tapers by contract year —{' '}
              {describeTaper(t.basisPointsByContractYear)}
            </li>
          ))}
          {definition.caps.perParticipantPence !== undefined && (
            <li>At most {formatMoney(definition.caps.perParticipantPence)} per participant</li>
          )}
          {definition.caps.perContractPence !== undefined && (
            <li>
              At most {formatMoney(definition.caps.perContractPence)} per prime contract (the
              contract’s own value cap also applies)
            </li>
          )}
          {definition.tapers.length === 0 &&
            definition.caps.perParticipantPence === undefined &&
            definition.caps.perContractPence === undefined && (
              <li>No tapers and no caps beyond each contract’s value cap.</li>
            )}
        </ul>
      </section>
    </div>
  );
}
