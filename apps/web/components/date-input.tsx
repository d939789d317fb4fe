'use client';

// A date as day / month / year fields — the GOV.UK Design System date input
// (https://design-system.service.gov.uk/components/date-input/) that UK
// public-sector users know — never the browser's own locale picker. The three
// fields feed one hidden input named as the field, holding the ISO day
// ("2027-06-06") that forms and the API read; a partly filled date goes as
// typed, so the API's validation names the field.
import { useState } from 'react';

function partsOf(iso: string | undefined): { day: string; month: string; year: string } {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso ?? '');
  return match
    ? { day: String(Number(match[3])), month: String(Number(match[2])), year: match[1] ?? '' }
    : { day: '', month: '', year: '' };
}

/** Day, month and year as typed → an ISO day; '' when all three are empty. */
export function isoDayOf({
  day,
  month,
  year,
}: {
  day: string;
  month: string;
  year: string;
}): string {
  const [d, m, y] = [day.trim(), month.trim(), year.trim()];
  if (!d && !m && !y) return '';
  const pad = (text: string) => (/^\d$/.test(text) ? `0${text}` : text);
  return `${y}-${pad(m)}-${pad(d)}`;
}

export function DateInput({
  id,
  name,
  label,
  hint,
  error,
  defaultValue,
  required,
  compact = false,
}: {
  id: string;
  name?: string;
  label: string;
  hint?: string;
  error?: string;
  defaultValue?: string;
  required?: boolean;
  /** Filter bars: smaller text, no hint space. */
  compact?: boolean;
}) {
  const [parts, setParts] = useState(() => partsOf(defaultValue));
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  const field = (part: 'day' | 'month' | 'year', partLabel: string, width: string) => (
    <div className="flex flex-col gap-1">
      <label
        htmlFor={part === 'day' ? id : `${id}-${part}`}
        className={compact ? 'text-xs text-slate-700' : 'text-sm text-slate-800'}
      >
        {partLabel}
      </label>
      <input
        id={part === 'day' ? id : `${id}-${part}`}
        inputMode="numeric"
        autoComplete="off"
        spellCheck={false}
        required={required}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        value={parts[part]}
        onChange={(event) =>
          setParts((current) => ({
            ...current,
            [part]: event.target.value.replace(/[^\d]/g, '').slice(0, part === 'year' ? 4 : 2),
          }))
        }
        className={`${width} rounded-md border-2 bg-white px-2 ${compact ? 'py-1.5 text-sm' : 'py-2 text-base'} text-slate-900 ${error ? 'border-red-700' : 'border-slate-500'}`}
      />
    </div>
  );
  return (
    <fieldset className="space-y-1.5" aria-describedby={describedBy}>
      <legend
        className={compact ? 'text-sm font-medium text-slate-700' : 'font-semibold text-navy-900'}
      >
        {label}
      </legend>
      {hint && (
        <p id={hintId} className="text-sm text-slate-600">
          {hint}
        </p>
      )}
      {error && (
        <p id={errorId} className="text-sm font-semibold text-red-800">
          <span className="sr-only">Error: </span>
          {error}
        </p>
      )}
      <div className="flex gap-3">
        {field('day', 'Day', 'w-14')}
        {field('month', 'Month', 'w-14')}
        {field('year', 'Year', 'w-20')}
      </div>
      <input type="hidden" name={name ?? id} value={isoDayOf(parts)} />
    </fieldset>
  );
}

/** A month as month / year fields ("2026-03"), for filters by month; same pattern, no day. */
export function MonthYearInput({
  id,
  name,
  label,
  defaultValue,
}: {
  id: string;
  name: string;
  label: string;
  defaultValue?: string;
}) {
  const match = /^(\d{4})-(\d{2})$/.exec(defaultValue ?? '');
  const [month, setMonth] = useState(match ? String(Number(match[2])) : '');
  const [year, setYear] = useState(match?.[1] ?? '');
  const value = !month && !year ? '' : `${year}-${/^\d$/.test(month) ? `0${month}` : month}`;
  const digits = (text: string, max: number) => text.replace(/[^\d]/g, '').slice(0, max);
  return (
    <fieldset className="space-y-1">
      <legend className="text-sm font-medium text-slate-700">{label}</legend>
      <div className="flex gap-3">
        <div className="flex flex-col gap-1">
          <label htmlFor={id} className="text-xs text-slate-700">
            Month
          </label>
          <input
            id={id}
            inputMode="numeric"
            autoComplete="off"
            value={month}
            onChange={(event) => setMonth(digits(event.target.value, 2))}
            className="w-14 rounded-md border-2 border-slate-500 bg-white px-2 py-1.5 text-sm"
          />
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor={`${id}-year`} className="text-xs text-slate-700">
            Year
          </label>
          <input
            id={`${id}-year`}
            inputMode="numeric"
            autoComplete="off"
            value={year}
            onChange={(event) => setYear(digits(event.target.value, 4))}
            className="w-20 rounded-md border-2 border-slate-500 bg-white px-2 py-1.5 text-sm"
          />
        </div>
      </div>
      <input type="hidden" name={name} value={value} />
    </fieldset>
  );
}
