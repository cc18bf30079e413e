import { MigrationInterface, QueryRunner } from "typeorm";

/** Tariffs and norms, closed billing periods, the charge's billing method, and the staff audit log. */
export class BillingAndAudit1795570671393 implements MigrationInterface {
    name = 'BillingAndAudit1795570671393'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE \`tariffs\` (\`id\` int UNSIGNED NOT NULL AUTO_INCREMENT, \`service\` enum ('COLD_WATER', 'HOT_WATER', 'WASTEWATER') NOT NULL, \`price_per_m3\` decimal(10,2) NOT NULL, \`norm_per_resident\` decimal(8,3) NOT NULL, \`valid_from\` date NOT NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), UNIQUE INDEX \`uq_tariffs_service_from\` (\`service\`, \`valid_from\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
        await queryRunner.query(`CREATE TABLE \`billing_periods\` (\`period\` char(7) NOT NULL, \`status\` enum ('CLOSING', 'CLOSED') NOT NULL DEFAULT 'CLOSING', \`started_at\` datetime(3) NOT NULL, \`closed_at\` datetime(3) NULL, \`closed_by\` int UNSIGNED NULL, \`accounts_charged\` int UNSIGNED NOT NULL DEFAULT '0', \`total_charged\` decimal(16,2) NOT NULL DEFAULT '0.00', PRIMARY KEY (\`period\`)) ENGINE=InnoDB`);
        await queryRunner.query(`CREATE TABLE \`audit_log\` (\`id\` bigint UNSIGNED NOT NULL AUTO_INCREMENT, \`staff_id\` int UNSIGNED NULL, \`api_token_id\` int UNSIGNED NULL, \`action\` varchar(64) NOT NULL, \`entity_type\` varchar(32) NOT NULL, \`entity_id\` varchar(64) NOT NULL, \`before_value\` json NULL, \`after_value\` json NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), INDEX \`ix_audit_staff\` (\`staff_id\`, \`created_at\`), INDEX \`ix_audit_entity\` (\`entity_type\`, \`entity_id\`), INDEX \`ix_audit_created\` (\`created_at\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
        await queryRunner.query(`ALTER TABLE \`ledger_entries\` ADD \`billing_method\` enum ('ACTUAL', 'AVERAGE', 'NORM') NULL`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE \`ledger_entries\` DROP COLUMN \`billing_method\``);
        await queryRunner.query(`DROP TABLE \`audit_log\``);
        await queryRunner.query(`DROP TABLE \`billing_periods\``);
        await queryRunner.query(`DROP TABLE \`tariffs\``);
    }
}
