'use client';

// The one bar chart (home dashboards and the oversight pages). Server pages name a value format
// (functions cannot cross from a server component to a client one). The
// drawing is hidden from assistive technology and kept out of the tab order
// (recharts 3 makes its <svg> focusable by default, which axe flags inside
// aria-hidden); the numbers are in a visually hidden table instead.
import {
  Bar,
  BarChart as RechartsBarChart,
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';

export type ChartFormat = 'count' | 'pounds' | 'percent';

export interface ChartSeries {
  key: string;
  label: string;
  color?: string;
}

// AA-contrast palette: navy, teal, amber, slate.
const PALETTE = ['#0b2545', '#0f766e', '#b45309', '#475569'];

function formatter(format: ChartFormat): (value: number) => string {
  switch (format) {
    case 'pounds':
      return (value) =>
        Math.abs(value) >= 1_000_000
          ? `£${(value / 1_000_000).toFixed(1)}m`
          : Math.abs(value) >= 1_000
            ? `£${(value / 1_000).toFixed(0)}k`
            : `£${value}`;
    case 'percent':
      return (value) => `${value} %`;
    case 'count':
      return (value) => value.toLocaleString('en-GB');
  }
}

/** The table beside the chart reads exact figures: pounds with pence, not the axis's "£25k". */
function exactFormatter(format: ChartFormat): (value: number) => string {
  if (format !== 'pounds') return formatter(format);
  return (value) =>
    `${value < 0 ? '(' : ''}£${Math.abs(value).toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}${value < 0 ? ')' : ''}`;
}

export function BarChart({
  title,
  data,
  categoryKey,
  categoryLabel,
  series,
  height = 320,
  format = 'count',
}: {
  title: string;
  data: Record<string, string | number>[];
  categoryKey: string;
  /** The category column's heading in the table beside the chart. */
  categoryLabel?: string;
  series: ChartSeries[];
  height?: number;
  format?: ChartFormat;
}) {
  const valueFormat = formatter(format);
  const exactFormat = exactFormatter(format);
  // Many long names (subcontractors) crowd a 1280px page when slanted under the bars: lay the
  // bars sideways so each name reads on one line. Short labels (months) stay along the bottom.
  const longestLabel = Math.max(0, ...data.map((row) => String(row[categoryKey] ?? '').length));
  const isSideways = data.length > 2 && longestLabel > 10;
  const isCrowded = data.length > 12;
  const sidewaysHeight = Math.max(height, data.length * (series.length * 12 + 12) + 80);
  return (
    <figure className="rounded-lg border border-slate-200 bg-white p-4">
      <figcaption className="mb-3 font-semibold text-navy-900">{title}</figcaption>
      {data.length === 0 ? (
        <p className="py-8 text-center text-slate-600">
          Nothing to chart in this slice and period.
        </p>
      ) : isSideways ? (
        <div style={{ height: sidewaysHeight }} aria-hidden="true">
          <ResponsiveContainer width="100%" height="100%">
            <RechartsBarChart
              data={data}
              layout="vertical"
              accessibilityLayer={false}
              margin={{ top: 8, right: 16, bottom: 8, left: 8 }}
            >
              <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
              <XAxis
                type="number"
                tick={{ fill: '#334155', fontSize: 12 }}
                tickFormatter={(value: number) => valueFormat(value)}
              />
              <YAxis
                type="category"
                dataKey={categoryKey}
                tick={{ fill: '#334155', fontSize: 12 }}
                interval={0}
                width={Math.min(150, longestLabel * 7 + 12)}
              />
              <Tooltip formatter={(value) => valueFormat(Number(value))} />
              <Legend />
              {series.map((item, index) => (
                <Bar
                  key={item.key}
                  dataKey={item.key}
                  name={item.label}
                  fill={item.color ?? PALETTE[index % PALETTE.length]}
                  radius={[0, 3, 3, 0]}
                  isAnimationActive={false}
                />
              ))}
            </RechartsBarChart>
          </ResponsiveContainer>
        </div>
      ) : (
        <div style={{ height }} aria-hidden="true">
          <ResponsiveContainer width="100%" height="100%">
            <RechartsBarChart
              data={data}
              accessibilityLayer={false}
              margin={{ top: 8, right: 16, bottom: 8, left: 8 }}
            >
              <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
              <XAxis
                dataKey={categoryKey}
                tick={{ fill: '#334155', fontSize: 12 }}
                interval={isCrowded ? 'preserveStartEnd' : 0}
                minTickGap={8}
              />
              <YAxis
                tick={{ fill: '#334155', fontSize: 12 }}
                tickFormatter={(value: number) => valueFormat(value)}
                width={70}
              />
              <Tooltip formatter={(value) => valueFormat(Number(value))} />
              <Legend />
              {series.map((item, index) => (
                <Bar
                  key={item.key}
                  dataKey={item.key}
                  name={item.label}
                  fill={item.color ?? PALETTE[index % PALETTE.length]}
                  radius={[3, 3, 0, 0]}
                  isAnimationActive={false}
                />
              ))}
            </RechartsBarChart>
          </ResponsiveContainer>
        </div>
      )}
      {/* The figures for screen readers; the wrapper clips it (a table ignores the 1px width and widened the page on a phone). */}
      <div className="sr-only">
        <table>
          <caption>{title}</caption>
          <thead>
            <tr>
              <th scope="col">
                {categoryLabel ?? categoryKey.charAt(0).toUpperCase() + categoryKey.slice(1)}
              </th>
              {series.map((item) => (
                <th key={item.key} scope="col">
                  {item.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {data.map((row, index) => (
              <tr key={`${String(row[categoryKey])}-${index}`}>
                <th scope="row">{String(row[categoryKey])}</th>
                {series.map((item) => (
                  <td key={item.key}>{exactFormat(Number(row[item.key] ?? 0))}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
