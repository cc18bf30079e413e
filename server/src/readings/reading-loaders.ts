/** Batched loads for meters and readings: one query per kind, whatever the number of meters. */
import DataLoader from 'dataloader';
import { In, type DataSource } from 'typeorm';
import { decodeCursor, encodeCursor, pageSize, toPage, type Page } from '../common/pagination';
import { groupBy } from '../common/group-by';
import { Meter } from './meter.entity';
import { Reading } from './reading.entity';
import { entityColumns, hydrateRow } from '../db/hydrate';

/** Every column of the Reading entity (from its metadata, so that none is forgotten), for a derived table `x` / `r`. */
const columns = (db: DataSource, alias: 'x' | 'r') => entityColumns(db, Reading, alias);

/** Readings from rows of the entity's columns, as getMany would give them. */
function hydrate(db: DataSource, rows: Record<string, unknown>[]): Reading[] {
  return rows.map((row) => hydrateRow(db, Reading, row));
}

/** Meters per statement of the latest readings (two branches of the UNION each); a bigger batch takes several. */
const LATEST_READINGS_CHUNK = 100;

export interface ReadingsPageKey {
  meterId: number;
  first?: number | null;
  after?: string | null;
}

export function createReadingLoaders(db: DataSource, currentPeriod: () => string) {
  /**
   * Both of a meter's readings the dashboard shows, in one statement: the last accepted reading of
   * an earlier period (kind P) and the latest of the current period (kind C). previousReading and
   * currentReading are asked in the same tick, so their keys meet in this loader's one batch (a statement for every
   * LATEST_READINGS_CHUNK meters). Each is its own `ORDER BY … LIMIT 1` on ix_readings_meter_period, so the database reads a row or two a
   * meter (a window over every reading of the meters cost it twice the CPU: docs/BENCHMARKS.md).
   */
  const both = new DataLoader<number, { previous: Reading | null; current: Reading | null }>(async (ids) => {
    const period = currentPeriod();
    const previous = new Map<number, Reading>();
    const current = new Map<number, Reading>();
    // One meter's two branches; parameters: meter, period, meter, period.
    const branches =
      `(SELECT ${columns(db, 'r')}, 'P' AS kind FROM readings r WHERE r.meter_id = ? AND r.status = 'ACCEPTED' AND r.period < ? ORDER BY r.period DESC, r.id DESC LIMIT 1)` +
      ` UNION ALL (SELECT ${columns(db, 'r')}, 'C' AS kind FROM readings r WHERE r.meter_id = ? AND r.period = ? ORDER BY r.id DESC LIMIT 1)`;
    for (let i = 0; i < ids.length; i += LATEST_READINGS_CHUNK) {
      const chunk = ids.slice(i, i + LATEST_READINGS_CHUNK);
      const rows: Record<string, unknown>[] = await db.query(
        Array(chunk.length).fill(branches).join(' UNION ALL '),
        chunk.flatMap((id) => [id, period, id, period]),
      );
      for (const row of rows) {
        const reading = hydrateRow(db, Reading, row);
        (row.kind === 'P' ? previous : current).set(reading.meterId, reading);
      }
    }
    return ids.map((id) => ({ previous: previous.get(id) ?? null, current: current.get(id) ?? null }));
  });
  return {
    /** Exposed so that clearing every loader (a live subscription's next event) clears it too. */
    meterReadings: both,
    meter: new DataLoader<number, Meter | null>(async (ids) => {
      const rows = await db.getRepository(Meter).findBy({ id: In([...ids]) });
      const byId = new Map(rows.map((m) => [m.id, m]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    /** The last accepted reading of an earlier period (with currentReading: one statement, see below). */
    previousReading: new DataLoader<number, Reading | null>(async (ids) => (await both.loadMany([...ids])).map((x) => (x instanceof Error ? x : x.previous)) as (Reading | null | Error)[]),
    /** The latest reading submitted for the current period, whatever its status. */
    currentReading: new DataLoader<number, Reading | null>(async (ids) => (await both.loadMany([...ids])).map((x) => (x instanceof Error ? x : x.current)) as (Reading | null | Error)[]),
    /** A page of a meter's history, newest first; meters asked with the same page arguments share one query. */
    readingsPage: new DataLoader<ReadingsPageKey, Page<Reading>, string>(
      async (keys) => {
        const groups = groupBy([...keys], (k) => `${k.first ?? ''}|${k.after ?? ''}`);
        const results = new Map<string, Page<Reading>>();
        for (const group of groups.values()) {
          const limit = pageSize(group[0].first);
          const cursor = decodeCursor(group[0].after, 1);
          const meterIds = group.map((k) => k.meterId);
          const [rows, counts] = await Promise.all([
            db.query(
              `SELECT ${columns(db, 'x')} FROM (SELECT ${columns(db, 'r')}, ROW_NUMBER() OVER (PARTITION BY meter_id ORDER BY id DESC) AS rn
                 FROM readings r WHERE meter_id IN (?) ${cursor ? 'AND id < ?' : ''}) x WHERE rn <= ? ORDER BY meter_id, id DESC`,
              cursor ? [meterIds, cursor[0], limit + 1] : [meterIds, limit + 1],
            ),
            db.query('SELECT meter_id, COUNT(*) AS n FROM readings WHERE meter_id IN (?) GROUP BY meter_id', [meterIds]),
          ]);
          const byMeter = groupBy(hydrate(db, rows), (r) => r.meterId);
          const countOf = new Map((counts as { meter_id: number; n: string }[]).map((c) => [Number(c.meter_id), Number(c.n)]));
          for (const k of group) {
            const page = toPage(byMeter.get(k.meterId) ?? [], limit, k.after, countOf.get(k.meterId) ?? 0, (r) => encodeCursor([r.id]));
            results.set(`${k.meterId}|${k.first ?? ''}|${k.after ?? ''}`, page);
          }
        }
        return keys.map((k) => results.get(`${k.meterId}|${k.first ?? ''}|${k.after ?? ''}`)!);
      },
      { cacheKeyFn: (k) => `${k.meterId}|${k.first ?? ''}|${k.after ?? ''}` },
    ),
  };
}
