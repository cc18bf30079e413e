/** Named parameters for long SQL: `:name` (a lower-case letter first) becomes `?` and its value goes into the list, in order. */
export function bind(sql: string, values: Record<string, unknown>): [string, unknown[]] {
  const params: unknown[] = [];
  const text = sql.replace(/:([a-z][a-zA-Z0-9]*)/g, (_, name: string) => {
    if (!(name in values)) throw new Error(`no value for :${name}`);
    params.push(values[name]);
    return '?';
  });
  return [text, params];
}

/** Anything that runs SQL: a DataSource, an EntityManager or a QueryRunner. */
export interface Queryable {
  query(sql: string, parameters?: unknown[]): Promise<any>;
}

export function run(q: Queryable, sql: string, values: Record<string, unknown>): Promise<any> {
  const [text, params] = bind(sql, values);
  return q.query(text, params);
}

/** SQL for a DECIMAL in Russian writing with `digits` fraction digits: 1234.5 → '1 234,500'. */
export function ruNumberSql(expression: string, digits: number): string {
  return `REPLACE(REPLACE(FORMAT(${expression}, ${digits}), ',', ' '), '.', ',')`;
}
