import { asOneStatement } from './as-one-statement';

describe('asOneStatement', () => {
  it('makes each statement a named column and renumbers its parameters after those before it', () => {
    const one = asOneStatement({
      first: { text: 'SELECT count(*) AS count FROM a WHERE x = $1 AND y = $2', values: [1, 2] },
      second: { text: 'SELECT count(*) AS count FROM b WHERE z = $1::uuid[]', values: [['u']] },
    });
    expect(one.values).toEqual([1, 2, ['u']]);
    expect(one.text).toBe(
      `SELECT (SELECT to_json(q) FROM (SELECT count(*) AS count FROM a WHERE x = $1 AND y = $2) q) AS "first",
       (SELECT to_json(q) FROM (SELECT count(*) AS count FROM b WHERE z = $3::uuid[]) q) AS "second"`,
    );
  });

  it('refuses a key that is not a plain name (it becomes a column name)', () => {
    expect(() => asOneStatement({ 'a"; DROP': { text: 'SELECT 1', values: [] } })).toThrow(
      /bad key/,
    );
  });
});
