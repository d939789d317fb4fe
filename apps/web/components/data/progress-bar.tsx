/** Progress of a background job (rows done of total), announced to assistive technology. */
export function ProgressBar({
  label,
  done,
  total,
}: {
  label: string;
  done: number;
  total: number | null;
}) {
  const percent = total && total > 0 ? Math.min(100, Math.round((done / total) * 100)) : null;
  return (
    <div className="space-y-1">
      <div className="flex justify-between text-sm">
        <span className="font-medium text-slate-700">{label}</span>
        <span className="tabular-nums text-slate-700">
          {total
            ? `${done.toLocaleString('en-GB')} of ${total.toLocaleString('en-GB')}`
            : `${done.toLocaleString('en-GB')} rows`}
        </span>
      </div>
      <div
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent ?? undefined}
        aria-valuetext={percent === null ? `${done} rows processed` : `${percent}%`}
        className="h-3 w-full overflow-hidden rounded-full bg-slate-200"
      >
        <div
          className="h-full rounded-full bg-teal-700 transition-[width]"
          style={{ width: `${percent ?? 10}%` }}
        />
      </div>
    </div>
  );
}
