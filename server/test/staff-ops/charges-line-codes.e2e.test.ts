/**
 * importCharges' report lines carry the same stable `code` and `column` as a bank registry's:
 * the shared line checks (csv-values.ts) and loader (ledger-lines.ts) fill them for every line not loaded.
 */
import { DEMO, seedDemoData } from '../../src/seed/demo-data';
import { startTestApi, type TestApi } from '../support/api';
import { staffToken } from '../payments/helpers';

const NOW = '2026-03-20T12:00:00+03:00';
const IMPORT = `mutation($csv: String!) { importCharges(csv: $csv) { loaded skipped refused lines { line status code column message } } }`;
const IVAN = DEMO.unregistered.number;
const ANNA = DEMO.registered.number;
const HEADER = 'external_id;account_number;period;kind;amount;description;service;volume;tariff';

let t: TestApi;
let staff: string;

beforeAll(async () => {
  t = await startTestApi();
  t.api.services.clock.set(NOW);
  await seedDemoData(t.database.db, new Date(NOW));
  staff = await staffToken(t);
});
afterAll(() => t?.stop());

async function upload(csv: string) {
  const res = await t.gql(IMPORT, { csv }, staff);
  if (!res.data) throw new Error(JSON.stringify(res.errors));
  return res.data.importCharges;
}

const rows = (report: { lines: { line: number; status: string; code: string; column: string | null }[] }) =>
  report.lines.map((l) => [l.line, l.status, l.code, l.column]);

it('a refused charges line has a code and the column at fault', async () => {
  const report = await upload([
    HEADER,
    `LC-001;${IVAN};2026-03;CHARGE;10,00;Холодное водоснабжение;;;`,
    `LC-002;${IVAN};2026-03;PAYMENT;100;Оплата;;;`,
    `LC-003;${IVAN};2026-13;CHARGE;5;Не тот месяц;;;`,
    `LC-004;${IVAN};2026-03;CHARGE;5;;;;`,
    `LC-005;${IVAN};2026-03;CHARGE;5,001;Три знака;;;`,
    `LC-006;999999999999;2026-03;CHARGE;5;Нет такого счёта;;;`,
    `LC-007;${IVAN};2026-03;CHARGE;5;Газ;GAS;;`,
  ].join('\n'));
  expect(report).toMatchObject({ loaded: 1, skipped: 0, refused: 6 });
  expect(rows(report)).toEqual([
    [3, 'REFUSED', 'BAD_KIND', 'kind'],
    [4, 'REFUSED', 'BAD_PERIOD', 'period'],
    [5, 'REFUSED', 'MISSING_VALUE', 'description'],
    [6, 'REFUSED', 'BAD_AMOUNT', 'amount'],
    [7, 'REFUSED', 'ACCOUNT_NOT_FOUND', 'account_number'],
    [8, 'REFUSED', 'BAD_SERVICE', 'service'],
  ]);
});

it('an external_id of the month close\'s own lines (close:…, penalty:…) is refused: the close would take the line for its own', async () => {
  const report = await upload([
    HEADER,
    `close:2026-03:1:COLD_WATER;${IVAN};2026-03;CHARGE;10,00;Холодное водоснабжение;;;`,
    `PENALTY:2026-03:1;${IVAN};2026-03;PENALTY;1,00;Пени;;;`,
    `LC-CLOSE;${IVAN};2026-03;CHARGE;10,00;Холодное водоснабжение;;;`,
  ].join('\n'));
  expect(report).toMatchObject({ loaded: 1, skipped: 0, refused: 2 });
  expect(rows(report)).toEqual([
    [2, 'REFUSED', 'BAD_EXTERNAL_ID', 'external_id'],
    [3, 'REFUSED', 'BAD_EXTERNAL_ID', 'external_id'],
  ]);
});

it('a line already loaded, repeated or conflicting in the file, or conflicting with the ledger has its code too', async () => {
  const report = await upload([
    HEADER,
    `LC-001;${IVAN};2026-03;CHARGE;10,00;Холодное водоснабжение;;;`,
    `LC-010;${ANNA};2026-03;PENALTY;1,00;Пени;;;`,
    `LC-010;${ANNA};2026-03;PENALTY;1.00;Пени;;;`,
    `LC-010;${ANNA};2026-03;PENALTY;2.00;Пени;;;`,
    `LC-001;${ANNA};2026-03;CHARGE;10,00;Холодное водоснабжение;;;`,
  ].join('\n'));
  expect(report).toMatchObject({ loaded: 1, skipped: 2, refused: 2 });
  expect(rows(report)).toEqual([
    [2, 'SKIPPED', 'ALREADY_LOADED', 'external_id'],
    [4, 'SKIPPED', 'DUPLICATE_IN_FILE', 'external_id'],
    [5, 'REFUSED', 'CONFLICT_IN_FILE', 'external_id'],
    [6, 'REFUSED', 'EXTERNAL_ID_CONFLICT', 'external_id'],
  ]);
});
