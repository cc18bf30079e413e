import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * What the month close keeps of each account's ledger so that the next close does not read it again from the start
 * (server/src/billing/ledger-summaries.ts):
 * - ledger_summaries: per account, the penalty groups of its lines dated up to `through` (the debts of each billed
 *   period, those up to `lumped` in one; the payments in one sum) and the months the volumes' history still needs,
 *   as text (`sums`), written by the close in each batch's transaction;
 * - ledger_changes: every line written, changed or deleted other than by the close itself (payments, imports,
 *   corrections by hand), with its date, written by triggers in the writer's own transaction, so that no writer,
 *   present or future, can forget it. A summary is used only while no change of its account is dated on or before
 *   its `through`; the close deletes the changes it has read.
 * The close's own lines (external_id close:… and penalty:…) are dated the last day of the month it closes, after
 * every summary it or an earlier close writes: they change none.
 */
export class LedgerSummaries1795572800000 implements MigrationInterface {
    name = 'LedgerSummaries1795572800000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE \`ledger_summaries\` (\`account_id\` int UNSIGNED NOT NULL, \`through\` date NOT NULL, \`lumped\` char(7) NOT NULL, \`sums\` text NOT NULL, \`updated_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), PRIMARY KEY (\`account_id\`)) ENGINE=InnoDB`);
        await queryRunner.query(`CREATE TABLE \`ledger_changes\` (\`id\` bigint UNSIGNED NOT NULL AUTO_INCREMENT, \`account_id\` int UNSIGNED NOT NULL, \`date\` date NOT NULL, PRIMARY KEY (\`id\`), INDEX \`ix_ledger_changes_account\` (\`account_id\`, \`date\`)) ENGINE=InnoDB`);
        await queryRunner.query(
            `CREATE TRIGGER \`ledger_entries_changed_insert\` AFTER INSERT ON \`ledger_entries\` FOR EACH ROW
             INSERT INTO \`ledger_changes\` (\`account_id\`, \`date\`)
             SELECT NEW.\`account_id\`, NEW.\`date\` FROM DUAL
             WHERE NEW.\`external_id\` IS NULL OR (NEW.\`external_id\` NOT LIKE 'close:%' AND NEW.\`external_id\` NOT LIKE 'penalty:%')`,
        );
        await queryRunner.query(
            `CREATE TRIGGER \`ledger_entries_changed_update\` AFTER UPDATE ON \`ledger_entries\` FOR EACH ROW
             INSERT INTO \`ledger_changes\` (\`account_id\`, \`date\`) VALUES (OLD.\`account_id\`, OLD.\`date\`), (NEW.\`account_id\`, NEW.\`date\`)`,
        );
        await queryRunner.query(
            `CREATE TRIGGER \`ledger_entries_changed_delete\` AFTER DELETE ON \`ledger_entries\` FOR EACH ROW
             INSERT INTO \`ledger_changes\` (\`account_id\`, \`date\`) VALUES (OLD.\`account_id\`, OLD.\`date\`)`,
        );
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TRIGGER IF EXISTS \`ledger_entries_changed_delete\``);
        await queryRunner.query(`DROP TRIGGER IF EXISTS \`ledger_entries_changed_update\``);
        await queryRunner.query(`DROP TRIGGER IF EXISTS \`ledger_entries_changed_insert\``);
        await queryRunner.query(`DROP TABLE \`ledger_changes\``);
        await queryRunner.query(`DROP TABLE \`ledger_summaries\``);
    }
}
