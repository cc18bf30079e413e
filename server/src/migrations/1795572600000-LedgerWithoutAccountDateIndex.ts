import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Drops ix_ledger_account_date (account_id, date, id): ix_ledger_account_cover begins with the same columns and
 * serves every read that used it (an account's lines by date; the ledger page sorts its page's ties by id). One
 * B-tree fewer to write for each ledger line: the month close of 100,000 accounts measured 26.8 s and 30.0 s
 * without it against 30.0 s and 39.7 s with it (two runs each, `BENCH_ONLY=close`, docs/BENCHMARKS.md).
 */
export class LedgerWithoutAccountDateIndex1795572600000 implements MigrationInterface {
    name = 'LedgerWithoutAccountDateIndex1795572600000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX \`ix_ledger_account_date\` ON \`ledger_entries\``);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE INDEX \`ix_ledger_account_date\` ON \`ledger_entries\` (\`account_id\`, \`date\`, \`id\`)`);
    }
}
