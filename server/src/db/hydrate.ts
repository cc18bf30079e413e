/**
 * Entities from rows of hand-written SQL, converted exactly as TypeORM's own
 * getMany does (the driver's prepareHydratedValue: dates, decimals, booleans,
 * transformers). Lets one statement carry both a page and its totals.
 */
import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';

export function hydrateRow<T extends ObjectLiteral>(db: DataSource, target: EntityTarget<T>, row: Record<string, unknown>): T {
  const meta = db.getMetadata(target);
  const entity = meta.create() as T;
  for (const column of meta.columns) {
    if (!(column.databaseName in row)) continue;
    column.setEntityValue(entity, db.driver.prepareHydratedValue(row[column.databaseName], column));
  }
  return entity;
}

/** The entity's columns, qualified by a table alias, for a SELECT list (made once per entity and alias). */
export function entityColumns(db: DataSource, target: EntityTarget<ObjectLiteral>, alias: string): string {
  const meta = db.getMetadata(target);
  let byAlias = columnLists.get(meta);
  if (!byAlias) columnLists.set(meta, (byAlias = new Map()));
  let list = byAlias.get(alias);
  if (list === undefined) {
    list = meta.columns.map((c) => `${alias}.\`${c.databaseName}\``).join(', ');
    byAlias.set(alias, list);
  }
  return list;
}
const columnLists = new WeakMap<object, Map<string, string>>();

/**
 * Entities by hand-written SQL: what repository.find gives, without building the statement
 * through the query builder on every call (the hot per-request loaders use it).
 */
export async function selectEntities<T extends ObjectLiteral>(db: DataSource, target: EntityTarget<T>, sql: string, parameters: unknown[]): Promise<T[]> {
  const rows: Record<string, unknown>[] = await db.query(sql, parameters);
  return rows.map((row) => hydrateRow(db, target, row));
}
