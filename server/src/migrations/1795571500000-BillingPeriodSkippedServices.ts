import { MigrationInterface, QueryRunner } from "typeorm";

/** The services a month's close skipped for want of a tariff. */
export class BillingPeriodSkippedServices1795571500000 implements MigrationInterface {
    name = 'BillingPeriodSkippedServices1795571500000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE \`billing_periods\` ADD \`skipped_services\` set ('COLD_WATER', 'HOT_WATER', 'WASTEWATER') NOT NULL DEFAULT ''`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE \`billing_periods\` DROP COLUMN \`skipped_services\``);
    }
}
