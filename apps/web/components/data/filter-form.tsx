// A GET form for table filters: submitting puts the filters in the URL, so
// filtered views can be bookmarked and shared, and paging restarts.
import { type ReactNode } from 'react';
import { DateInput } from '@/components/date-input';

export function FilterForm({
  action,
  children,
  label = 'Filter',
}: {
  action: string;
  children: ReactNode;
  label?: string;
}) {
  return (
    <form
      method="get"
      action={action}
      role="search"
      aria-label={label}
      className="flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-4"
    >
      {children}
      <button
        type="submit"
        className="rounded bg-teal-700 px-4 py-2 text-sm font-semibold text-white hover:bg-teal-800 focus-visible:outline-2 focus-visible:outline-offset-2"
      >
        Apply
      </button>
      <a href={action} className="px-2 py-2 text-sm text-slate-700 underline underline-offset-4">
        Clear
      </a>
    </form>
  );
}

export function FilterSelect({
  name,
  label,
  value,
  options,
}: {
  name: string;
  label: string;
  value?: string;
  options: { value: string; label: string }[];
}) {
  return (
    // min-w-0 / max-w-full: a select is as wide as its longest option; on a phone it must shrink instead.
    <label className="flex min-w-0 max-w-full flex-col gap-1 text-sm">
      <span className="font-medium text-slate-700">{label}</span>
      <select
        name={name}
        defaultValue={value ?? ''}
        className="max-w-full rounded border border-slate-300 bg-white px-3 py-2"
      >
        <option value="">Any</option>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </label>
  );
}

export function FilterInput({
  name,
  label,
  value,
  type = 'text',
}: {
  name: string;
  label: string;
  value?: string;
  type?: 'text' | 'number' | 'date' | 'search';
}) {
  if (type === 'date')
    return (
      <DateInput id={`filter-${name}`} name={name} label={label} defaultValue={value} compact />
    );
  return (
    <label className="flex min-w-0 max-w-full flex-col gap-1 text-sm">
      <span className="font-medium text-slate-700">{label}</span>
      <input
        name={name}
        type={type}
        defaultValue={value ?? ''}
        className="max-w-full rounded border border-slate-300 px-3 py-2"
      />
    </label>
  );
}
