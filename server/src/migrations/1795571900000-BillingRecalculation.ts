import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * What recalculation (ПП №354 п.61), meter replacement and roll-over, the increasing factor (п.60)
 * and owners (п.56(2)) need: when a meter was removed, replaced or failed; whether a reading rolled
 * over; the part of a supply's volume that counts for wastewater; the number of owners of an account;
 * how many accounts a close left to the billing system's import.
 */
export class BillingRecalculation1795571900000 implements MigrationInterface {
    name = 'BillingRecalculation1795571900000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE \`meters\` ADD \`removed_on\` date NULL, ADD \`failed_on\` date NULL, ADD \`replaced_by_id\` int UNSIGNED NULL`);
        await queryRunner.query(`ALTER TABLE \`readings\` ADD \`rollover\` tinyint NOT NULL DEFAULT 0`);
        await queryRunner.query(`ALTER TABLE \`accounts\` ADD \`owners\` smallint UNSIGNED NOT NULL DEFAULT 1`);
        await queryRunner.query(`ALTER TABLE \`ledger_entries\` ADD \`wastewater_volume\` decimal(11,3) NULL`);
        await queryRunner.query(`ALTER TABLE \`billing_periods\` ADD \`accounts_imported\` int UNSIGNED NOT NULL DEFAULT 0`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE \`billing_periods\` DROP COLUMN \`accounts_imported\``);
        await queryRunner.query(`ALTER TABLE \`ledger_entries\` DROP COLUMN \`wastewater_volume\``);
        await queryRunner.query(`ALTER TABLE \`accounts\` DROP COLUMN \`owners\``);
        await queryRunner.query(`ALTER TABLE \`readings\` DROP COLUMN \`rollover\``);
        await queryRunner.query(`ALTER TABLE \`meters\` DROP COLUMN \`replaced_by_id\`, DROP COLUMN \`failed_on\`, DROP COLUMN \`removed_on\``);
    }
}
