/** A parameterised SQL statement: its text ($1, $2, …) and the values for them. */
export interface SqlStatement {
  text: string;
  values: unknown[];
}

/**
 * Several statements that each answer one row, sent as one: each becomes a
 * column of the single result row, named by its key and holding its row as
 * JSON, with its parameters renumbered after those before it. One round trip
 * instead of one per statement (the home dashboard's counts:
 * bench/results/dashboard-10000.md). The texts must use `$n` only as
 * parameters (no dollar-quoted strings); keys become quoted column names.
 */
export function asOneStatement(statements: Record<string, SqlStatement>): SqlStatement {
  const values: unknown[] = [];
  const columns = Object.entries(statements).map(([key, statement]) => {
    if (!/^[A-Za-z][A-Za-z0-9]*$/.test(key)) throw new Error(`asOneStatement: bad key ${key}`);
    const offset = values.length;
    values.push(...statement.values);
    const text = statement.text.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`);
    return `(SELECT to_json(q) FROM (${text}) q) AS "${key}"`;
  });
  return { text: `SELECT ${columns.join(',\n       ')}`, values };
}
