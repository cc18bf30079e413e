import { MigrationInterface, QueryRunner } from "typeorm";

/** Charges by service (volume and tariff on the ledger line) and the verification warnings sent per meter. */
export class LedgerServicesAndNotices1795569242546 implements MigrationInterface {
    name = 'LedgerServicesAndNotices1795569242546'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE \`meter_verification_notices\` (\`id\` int UNSIGNED NOT NULL AUTO_INCREMENT, \`meter_id\` int UNSIGNED NOT NULL, \`threshold_days\` smallint NOT NULL, \`sent_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), UNIQUE INDEX \`uq_verification_notice\` (\`meter_id\`, \`threshold_days\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
        await queryRunner.query(`ALTER TABLE \`ledger_entries\` ADD \`service\` enum ('COLD_WATER', 'HOT_WATER', 'WASTEWATER') NULL`);
        await queryRunner.query(`ALTER TABLE \`ledger_entries\` ADD \`volume\` decimal(11,3) NULL`);
        await queryRunner.query(`ALTER TABLE \`ledger_entries\` ADD \`tariff\` decimal(10,2) NULL`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE \`ledger_entries\` DROP COLUMN \`tariff\``);
        await queryRunner.query(`ALTER TABLE \`ledger_entries\` DROP COLUMN \`volume\``);
        await queryRunner.query(`ALTER TABLE \`ledger_entries\` DROP COLUMN \`service\``);
        await queryRunner.query(`DROP TABLE \`meter_verification_notices\``);
    }
}
