import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * A covering index of an account's ledger lines by date: the month's close reads every line of a
 * batch of accounts (debts and payments for penalties, past charges for averages) and the ledger
 * totals sum an account's amounts by date and kind, all from the index alone, without the rows.
 */
export class LedgerAccountCoveringIndex1795571600000 implements MigrationInterface {
    name = 'LedgerAccountCoveringIndex1795571600000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE INDEX \`ix_ledger_account_cover\` ON \`ledger_entries\` (\`account_id\`, \`date\`, \`kind\`, \`amount\`, \`period\`, \`service\`, \`billing_method\`, \`volume\`)`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX \`ix_ledger_account_cover\` ON \`ledger_entries\``);
    }
}
