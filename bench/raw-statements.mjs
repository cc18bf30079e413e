/**
 * The raw baseline's hand-written statements that another bench script measures too (bench/statement-cpu.mjs), kept
 * here once so that what is measured is what the baseline sends. bench/raw-server.mjs starts a server when it is
 * imported, so they cannot live there.
 */

/** A meter's previous (P) and current (C) reading, for several meters: [sql, params]. */
export function baselineReadings(meterIds, period) {
  return [
    `SELECT meter_id, value, period, status, consumption, rn_kind FROM (
       SELECT meter_id, value, period, status, consumption, 'P' AS rn_kind,
              ROW_NUMBER() OVER (PARTITION BY meter_id ORDER BY period DESC, id DESC) AS rn
       FROM readings WHERE meter_id IN (?) AND status = 'ACCEPTED' AND period < ?
       UNION ALL
       SELECT meter_id, value, period, status, consumption, 'C',
              ROW_NUMBER() OVER (PARTITION BY meter_id ORDER BY id DESC)
       FROM readings WHERE meter_id IN (?) AND period = ?) x WHERE rn = 1`,
    [meterIds, period, meterIds, period],
  ];
}
