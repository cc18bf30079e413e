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

/** The entity's columns, qualified by a table alias, for a SELECT list. */
export function entityColumns(db: DataSource, target: EntityTarget<ObjectLiteral>, alias: string): string {
  return db
    .getMetadata(target)
    .columns.map((c) => `${alias}.\`${c.databaseName}\``)
    .join(', ');
}
