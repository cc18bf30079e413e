import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * A month close's progress (#16): accounts done of the total, the time of the last batch, and where an interrupted
 * close resumes (the last account id of the last batch committed — written in that batch's own transaction).
 */
export class CloseProgress1795572400000 implements MigrationInterface {
    name = 'CloseProgress1795572400000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE \`billing_periods\` ADD \`accounts_total\` int UNSIGNED NOT NULL DEFAULT 0, ADD \`accounts_done\` int UNSIGNED NOT NULL DEFAULT 0, ADD \`resume_after_id\` int UNSIGNED NULL, ADD \`progress_at\` datetime(3) NULL, ADD \`run_started_at\` datetime(3) NULL, ADD \`done_at_run_start\` int UNSIGNED NOT NULL DEFAULT 0`);
        // Months closed before: complete.
        await queryRunner.query(`UPDATE \`billing_periods\` SET \`accounts_total\` = \`accounts_charged\`, \`accounts_done\` = \`accounts_charged\`, \`progress_at\` = \`closed_at\` WHERE \`status\` = 'CLOSED'`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE \`billing_periods\` DROP COLUMN \`done_at_run_start\`, DROP COLUMN \`run_started_at\`, DROP COLUMN \`progress_at\`, DROP COLUMN \`resume_after_id\`, DROP COLUMN \`accounts_done\`, DROP COLUMN \`accounts_total\``);
    }
}
