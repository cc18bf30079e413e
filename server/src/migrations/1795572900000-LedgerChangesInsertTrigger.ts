import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * ledger_entries_changed_insert (1795572800000-LedgerSummaries) notes a line written other than by the close. It was
 * one INSERT … SELECT … WHERE per line, run for the close's own lines too, where it inserts nothing: the statement
 * (opening ledger_changes, planning the select) was a third of the close's writes. Now the condition is an IF, and the
 * INSERT runs only for the lines it notes. The same lines are noted; the update and delete triggers are unchanged
 * (a close's own line changed or deleted by hand is a change like any other).
 * The cold and hot lines of 5,000 accounts of 100,000 (2026-11, medians of 8 batches, rolled back;
 * `BENCH_PERIOD=2026-11 BENCH_DATABASE=kabinet_bench npx ts-node --transpile-only test/billing/bench-close-writes.ts`):
 * 345–358 ms with the INSERT … SELECT, 251–269 ms with the IF, 208–224 ms with no trigger at all.
 */
export class LedgerChangesInsertTrigger1795572900000 implements MigrationInterface {
    name = 'LedgerChangesInsertTrigger1795572900000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TRIGGER IF EXISTS \`ledger_entries_changed_insert\``);
        await queryRunner.query(
            `CREATE TRIGGER \`ledger_entries_changed_insert\` AFTER INSERT ON \`ledger_entries\` FOR EACH ROW
             BEGIN
               IF NEW.\`external_id\` IS NULL OR (NEW.\`external_id\` NOT LIKE 'close:%' AND NEW.\`external_id\` NOT LIKE 'penalty:%') THEN
                 INSERT INTO \`ledger_changes\` (\`account_id\`, \`date\`) VALUES (NEW.\`account_id\`, NEW.\`date\`);
               END IF;
             END`,
        );
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TRIGGER IF EXISTS \`ledger_entries_changed_insert\``);
        await queryRunner.query(
            `CREATE TRIGGER \`ledger_entries_changed_insert\` AFTER INSERT ON \`ledger_entries\` FOR EACH ROW
             INSERT INTO \`ledger_changes\` (\`account_id\`, \`date\`)
             SELECT NEW.\`account_id\`, NEW.\`date\` FROM DUAL
             WHERE NEW.\`external_id\` IS NULL OR (NEW.\`external_id\` NOT LIKE 'close:%' AND NEW.\`external_id\` NOT LIKE 'penalty:%')`,
        );
    }
}
