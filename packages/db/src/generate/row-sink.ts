// Rows are buffered per table as COPY text lines and flushed through
// `COPY … FROM STDIN` in foreign-key order, so a flush never writes a child
// before its parent and memory stays bounded by the chunk size.
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { type PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { TABLE_COLUMNS, TABLE_ORDER, type TableName } from './tables';

export type CopyValue = string | number | bigint | boolean | null | undefined;

const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** One value in COPY text format: `\N` for null, special characters escaped. */
export function copyText(value: CopyValue): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'string')
    return /[\\\t\n\r]/.test(value) ? value.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c] ?? c) : value;
  if (typeof value === 'boolean') return value ? 't' : 'f';
  return String(value);
}

/** A bytea literal (hex) in COPY text format. */
export function copyBytea(hex: string): string {
  return `\\\\x${hex}`;
}

/** A Postgres array literal of simple tokens (enum values, codes). */
export function copyArray(items: readonly string[]): string {
  return `{${items.join(',')}}`;
}

export interface TableStats {
  rows: number;
  milliseconds: number;
}

export class RowSink {
  private readonly buffers = new Map<TableName, string[]>();
  readonly stats = new Map<TableName, TableStats>();

  add(table: TableName, values: readonly CopyValue[]): void {
    let buffer = this.buffers.get(table);
    if (!buffer) {
      buffer = [];
      this.buffers.set(table, buffer);
    }
    buffer.push(values.map(copyText).join('\t'));
  }

  /** Adds a line already in COPY text form (for bytea and pre-escaped values). */
  addRaw(table: TableName, line: string): void {
    let buffer = this.buffers.get(table);
    if (!buffer) {
      buffer = [];
      this.buffers.set(table, buffer);
    }
    buffer.push(line);
  }

  bufferedRows(): number {
    let rows = 0;
    for (const buffer of this.buffers.values()) rows += buffer.length;
    return rows;
  }

  /** Writes every buffered row, tables in foreign-key order, then empties the buffers. */
  async flush(client: PoolClient): Promise<void> {
    await this.write(client, this.take());
  }

  /** Hands over the buffered rows and starts new buffers, so the next chunk can be built while these are written. */
  take(): Map<TableName, string[]> {
    const taken = new Map(this.buffers);
    this.buffers.clear();
    return taken;
  }

  async write(client: PoolClient, taken: Map<TableName, string[]>): Promise<void> {
    for (const table of TABLE_ORDER) {
      const lines = taken.get(table);
      if (!lines || lines.length === 0) continue;
      const started = performance.now();
      await copyLines(client, table, lines);
      const stats = this.stats.get(table) ?? { rows: 0, milliseconds: 0 };
      stats.rows += lines.length;
      stats.milliseconds += performance.now() - started;
      this.stats.set(table, stats);
    }
  }
}

const BATCH_LINES = 5_000;

async function copyLines(client: PoolClient, table: TableName, lines: string[]): Promise<void> {
  const columns = TABLE_COLUMNS[table].join(', ');
  const stream = client.query(copyFrom(`COPY ${table} (${columns}) FROM STDIN`));
  function* batches(): Generator<string> {
    for (let i = 0; i < lines.length; i += BATCH_LINES) {
      yield `${lines.slice(i, i + BATCH_LINES).join('\n')}\n`;
    }
  }
  await pipeline(Readable.from(batches()), stream);
}
