'use client';

// Charts where people would rather look than read. Every chart also renders
// its data as a visually hidden table, so screen-reader users get the numbers.
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

export interface BarSeries {
  key: string;
  label: string;
  /** AA-contrast palette: navy, teal, amber, slate. */
  color?: string;
}

const PALETTE = ['#0b2545', '#0f766e', '#b45309', '#475569'];

export function BarChart({
  title,
  data,
  categoryKey,
  series,
  valueFormat = (value) => value.toLocaleString('en-GB'),
  height = 320,
}: {
  title: string;
  data: Record<string, string | number>[];
  categoryKey: string;
  series: BarSeries[];
  valueFormat?: (value: number) => string;
  height?: number;
}) {
  // Names (subcontractors) under vertical bars overlap on a phone and crowd 1280px: lay the bars sideways so each
  // name reads on its own line; short labels (months) stay along the bottom.
  const longestLabel = Math.max(0, ...data.map((row) => String(row[categoryKey] ?? '').length));
  const isSideways = data.length > 2 && longestLabel > 10;
  const chartHeight = isSideways
    ? Math.max(height, data.length * (series.length * 14 + 14) + 80)
    : height;
  return (
    <figure className="rounded-lg border border-slate-200 bg-white p-4">
      <figcaption className="mb-3 font-semibold text-navy-900">{title}</figcaption>
      <div style={{ height: chartHeight }} aria-hidden="true">
        <ResponsiveContainer width="100%" height="100%">
          {isSideways ? (
            <RechartsBarChart
              data={data}
              layout="vertical"
              margin={{ top: 8, right: 16, bottom: 8, left: 8 }}
              accessibilityLayer={false}
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
          ) : (
            <RechartsBarChart
              data={data}
              margin={{ top: 8, right: 16, bottom: 8, left: 8 }}
              accessibilityLayer={false}
            >
              <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
              <XAxis
                dataKey={categoryKey}
                tick={{ fill: '#334155', fontSize: 12 }}
                interval={0}
                angle={data.length > 6 ? -25 : 0}
                textAnchor={data.length > 6 ? 'end' : 'middle'}
                height={data.length > 6 ? 70 : 30}
              />
              <YAxis
                tick={{ fill: '#334155', fontSize: 12 }}
                tickFormatter={(value: number) => valueFormat(value)}
                width={80}
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
          )}
        </ResponsiveContainer>
      </div>
      {/* The figures for screen readers; the wrapper clips it (a table ignores the 1px width and widened the page on a phone). */}
      <div className="sr-only">
        <table>
          <caption>{title}</caption>
          <thead>
            <tr>
              <th scope="col">{categoryKey.charAt(0).toUpperCase() + categoryKey.slice(1)}</th>
              {series.map((item) => (
                <th key={item.key} scope="col">
                  {item.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {data.map((row) => (
              <tr key={String(row[categoryKey])}>
                <th scope="row">{String(row[categoryKey])}</th>
                {series.map((item) => (
                  <td key={item.key}>{valueFormat(Number(row[item.key] ?? 0))}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
