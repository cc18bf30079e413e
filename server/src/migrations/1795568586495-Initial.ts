import { MigrationInterface, QueryRunner } from "typeorm";

export class Initial1795568586495 implements MigrationInterface {
    name = 'Initial1795568586495'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE \`accounts\` (\`id\` int UNSIGNED NOT NULL AUTO_INCREMENT, \`number\` varchar(20) NOT NULL, \`unified_number\` varchar(10) NULL, \`last_name\` varchar(100) NOT NULL, \`first_name\` varchar(100) NOT NULL, \`middle_name\` varchar(100) NULL, \`address\` varchar(255) NOT NULL, \`email\` varchar(254) NULL, \`phone\` varchar(32) NULL, \`receipt_by_email\` tinyint NOT NULL DEFAULT 0, \`paper_receipt\` tinyint NOT NULL DEFAULT 1, \`activation_code\` char(12) NOT NULL, \`residents\` smallint UNSIGNED NOT NULL DEFAULT '1', \`registered_at\` datetime(3) NULL, \`terms_accepted_at\` datetime(3) NULL, \`terms_version\` varchar(20) NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), \`updated_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), UNIQUE INDEX \`uq_accounts_number\` (\`number\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
        await queryRunner.query(`CREATE TABLE \`api_tokens\` (\`id\` int UNSIGNED NOT NULL AUTO_INCREMENT, \`name\` varchar(100) NOT NULL, \`token_hash\` char(64) NOT NULL, \`scopes\` text NOT NULL, \`owner_type\` enum ('SUBSCRIBER', 'STAFF') NOT NULL, \`owner_id\` int UNSIGNED NOT NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), \`last_used_at\` datetime(3) NULL, \`revoked_at\` datetime(3) NULL, UNIQUE INDEX \`uq_api_tokens_hash\` (\`token_hash\`), INDEX \`ix_api_tokens_owner\` (\`owner_type\`, \`owner_id\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
        await queryRunner.query(`CREATE TABLE \`appeals\` (\`id\` int UNSIGNED NOT NULL AUTO_INCREMENT, \`account_id\` int UNSIGNED NOT NULL, \`text\` varchar(500) NOT NULL, \`status\` enum ('OPEN', 'ANSWERED', 'CLOSED') NOT NULL DEFAULT 'OPEN', \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), \`updated_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), INDEX \`ix_appeals_status\` (\`status\`, \`created_at\`), INDEX \`ix_appeals_account\` (\`account_id\`, \`created_at\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
        await queryRunner.query(`CREATE TABLE \`appeal_replies\` (\`id\` int UNSIGNED NOT NULL AUTO_INCREMENT, \`appeal_id\` int UNSIGNED NOT NULL, \`author_role\` enum ('SUBSCRIBER', 'OPERATOR') NOT NULL, \`staff_id\` int UNSIGNED NULL, \`text\` varchar(2000) NOT NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), \`read_at\` datetime(3) NULL, INDEX \`ix_appeal_replies_appeal\` (\`appeal_id\`, \`created_at\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
        await queryRunner.query(`CREATE TABLE \`password_reset_tokens\` (\`id\` int UNSIGNED NOT NULL AUTO_INCREMENT, \`account_id\` int UNSIGNED NOT NULL, \`token_hash\` char(64) NOT NULL, \`expires_at\` datetime(3) NOT NULL, \`used_at\` datetime(3) NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), UNIQUE INDEX \`uq_password_reset_token\` (\`token_hash\`), INDEX \`ix_password_reset_account\` (\`account_id\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
        await queryRunner.query(`CREATE TABLE \`refresh_sessions\` (\`id\` bigint UNSIGNED NOT NULL AUTO_INCREMENT, \`family_id\` char(36) NOT NULL, \`subject_type\` enum ('SUBSCRIBER', 'STAFF') NOT NULL, \`subject_id\` int UNSIGNED NOT NULL, \`token_hash\` char(64) NOT NULL, \`remember\` tinyint NOT NULL DEFAULT 0, \`expires_at\` datetime(3) NOT NULL, \`used_at\` datetime(3) NULL, \`revoked_at\` datetime(3) NULL, \`client_ip\` varchar(45) NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), UNIQUE INDEX \`uq_refresh_sessions_token\` (\`token_hash\`), INDEX \`ix_refresh_sessions_subject\` (\`subject_type\`, \`subject_id\`), INDEX \`ix_refresh_sessions_family\` (\`family_id\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
        await queryRunner.query(`CREATE TABLE \`subscriber_credentials\` (\`account_id\` int UNSIGNED NOT NULL, \`password_hash\` varchar(255) NOT NULL, \`password_changed_at\` datetime(3) NOT NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), PRIMARY KEY (\`account_id\`)) ENGINE=InnoDB`);
        await queryRunner.query(`CREATE TABLE \`ledger_entries\` (\`id\` bigint UNSIGNED NOT NULL AUTO_INCREMENT, \`account_id\` int UNSIGNED NOT NULL, \`date\` date NOT NULL, \`kind\` enum ('CHARGE', 'RECALCULATION', 'PENALTY', 'PAYMENT') NOT NULL, \`period\` char(7) NULL, \`description\` varchar(255) NOT NULL, \`amount\` decimal(14,2) NOT NULL, \`external_id\` varchar(64) NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), UNIQUE INDEX \`uq_ledger_external_id\` (\`external_id\`), INDEX \`ix_ledger_account_date\` (\`account_id\`, \`date\`, \`id\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
        await queryRunner.query(`CREATE TABLE \`mail_outbox\` (\`id\` bigint UNSIGNED NOT NULL AUTO_INCREMENT, \`to_address\` varchar(254) NOT NULL, \`subject\` varchar(255) NOT NULL, \`text\` text NOT NULL, \`status\` enum ('PENDING', 'SENT', 'FAILED', 'LOGGED') NOT NULL DEFAULT 'PENDING', \`attempts\` smallint UNSIGNED NOT NULL DEFAULT '0', \`last_error\` varchar(500) NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), \`sent_at\` datetime(3) NULL, INDEX \`ix_mail_outbox_status\` (\`status\`, \`created_at\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
        await queryRunner.query(`CREATE TABLE \`card_payments\` (\`id\` char(36) NOT NULL, \`account_id\` int UNSIGNED NOT NULL, \`amount\` decimal(14,2) NOT NULL, \`status\` enum ('PENDING', 'SUCCEEDED', 'CANCELED') NOT NULL DEFAULT 'PENDING', \`gateway\` varchar(20) NOT NULL, \`confirmation_url\` varchar(500) NOT NULL, \`ledger_entry_id\` bigint UNSIGNED NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), \`completed_at\` datetime(3) NULL, INDEX \`ix_card_payments_account\` (\`account_id\`, \`created_at\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
        await queryRunner.query(`CREATE TABLE \`meters\` (\`id\` int UNSIGNED NOT NULL AUTO_INCREMENT, \`account_id\` int UNSIGNED NOT NULL, \`kind\` enum ('COLD_WATER', 'HOT_WATER') NOT NULL, \`title\` varchar(100) NOT NULL, \`serial_number\` varchar(40) NOT NULL, \`admitted_on\` date NOT NULL, \`verification_due_on\` date NOT NULL, \`initial_value\` decimal(11,3) NOT NULL DEFAULT '0.000', \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), INDEX \`ix_meters_verification\` (\`verification_due_on\`), INDEX \`ix_meters_account\` (\`account_id\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
        await queryRunner.query(`CREATE TABLE \`readings\` (\`id\` bigint UNSIGNED NOT NULL AUTO_INCREMENT, \`meter_id\` int UNSIGNED NOT NULL, \`period\` char(7) NOT NULL, \`value\` decimal(11,3) NOT NULL, \`consumption\` decimal(11,3) NULL, \`status\` enum ('PENDING', 'ACCEPTED', 'REJECTED', 'SUPERSEDED') NOT NULL DEFAULT 'PENDING', \`source\` enum ('SITE', 'API', 'OPERATOR') NOT NULL, \`flagged\` tinyint NOT NULL DEFAULT 0, \`submitted_at\` datetime(3) NOT NULL, \`reviewed_at\` datetime(3) NULL, \`reviewed_by\` int UNSIGNED NULL, \`rejection_reason\` varchar(500) NULL, INDEX \`ix_readings_review\` (\`status\`, \`flagged\`, \`submitted_at\`), INDEX \`ix_readings_meter_period\` (\`meter_id\`, \`period\`, \`id\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
        await queryRunner.query(`CREATE TABLE \`staff\` (\`id\` int UNSIGNED NOT NULL AUTO_INCREMENT, \`username\` varchar(64) NOT NULL, \`full_name\` varchar(200) NULL, \`password_hash\` varchar(255) NOT NULL, \`active\` tinyint NOT NULL DEFAULT 1, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), UNIQUE INDEX \`uq_staff_username\` (\`username\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
        await queryRunner.query(`ALTER TABLE \`appeals\` ADD CONSTRAINT \`FK_902646832f9f1f3834cfc5fa147\` FOREIGN KEY (\`account_id\`) REFERENCES \`accounts\`(\`id\`) ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE \`appeal_replies\` ADD CONSTRAINT \`FK_26ad58d0dc375aa309bebbfdb2b\` FOREIGN KEY (\`appeal_id\`) REFERENCES \`appeals\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE \`password_reset_tokens\` ADD CONSTRAINT \`FK_f6c2a117a0876bbb6530165b505\` FOREIGN KEY (\`account_id\`) REFERENCES \`accounts\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE \`subscriber_credentials\` ADD CONSTRAINT \`FK_6256d3907f7ebff1d295ede2193\` FOREIGN KEY (\`account_id\`) REFERENCES \`accounts\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE \`ledger_entries\` ADD CONSTRAINT \`FK_e4440167e470be69f9622c1ceab\` FOREIGN KEY (\`account_id\`) REFERENCES \`accounts\`(\`id\`) ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE \`card_payments\` ADD CONSTRAINT \`FK_4291caa1f4a514c3fdd19e6a179\` FOREIGN KEY (\`account_id\`) REFERENCES \`accounts\`(\`id\`) ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE \`meters\` ADD CONSTRAINT \`FK_8b65507ca6b09a5bfcecf155959\` FOREIGN KEY (\`account_id\`) REFERENCES \`accounts\`(\`id\`) ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE \`readings\` ADD CONSTRAINT \`FK_71ebbe6741d973f1d40ed185a52\` FOREIGN KEY (\`meter_id\`) REFERENCES \`meters\`(\`id\`) ON DELETE RESTRICT ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE \`readings\` DROP FOREIGN KEY \`FK_71ebbe6741d973f1d40ed185a52\``);
        await queryRunner.query(`ALTER TABLE \`meters\` DROP FOREIGN KEY \`FK_8b65507ca6b09a5bfcecf155959\``);
        await queryRunner.query(`ALTER TABLE \`card_payments\` DROP FOREIGN KEY \`FK_4291caa1f4a514c3fdd19e6a179\``);
        await queryRunner.query(`ALTER TABLE \`ledger_entries\` DROP FOREIGN KEY \`FK_e4440167e470be69f9622c1ceab\``);
        await queryRunner.query(`ALTER TABLE \`subscriber_credentials\` DROP FOREIGN KEY \`FK_6256d3907f7ebff1d295ede2193\``);
        await queryRunner.query(`ALTER TABLE \`password_reset_tokens\` DROP FOREIGN KEY \`FK_f6c2a117a0876bbb6530165b505\``);
        await queryRunner.query(`ALTER TABLE \`appeal_replies\` DROP FOREIGN KEY \`FK_26ad58d0dc375aa309bebbfdb2b\``);
        await queryRunner.query(`ALTER TABLE \`appeals\` DROP FOREIGN KEY \`FK_902646832f9f1f3834cfc5fa147\``);
        await queryRunner.query(`DROP INDEX \`uq_staff_username\` ON \`staff\``);
        await queryRunner.query(`DROP TABLE \`staff\``);
        await queryRunner.query(`DROP INDEX \`ix_readings_meter_period\` ON \`readings\``);
        await queryRunner.query(`DROP INDEX \`ix_readings_review\` ON \`readings\``);
        await queryRunner.query(`DROP TABLE \`readings\``);
        await queryRunner.query(`DROP INDEX \`ix_meters_account\` ON \`meters\``);
        await queryRunner.query(`DROP INDEX \`ix_meters_verification\` ON \`meters\``);
        await queryRunner.query(`DROP TABLE \`meters\``);
        await queryRunner.query(`DROP INDEX \`ix_card_payments_account\` ON \`card_payments\``);
        await queryRunner.query(`DROP TABLE \`card_payments\``);
        await queryRunner.query(`DROP INDEX \`ix_mail_outbox_status\` ON \`mail_outbox\``);
        await queryRunner.query(`DROP TABLE \`mail_outbox\``);
        await queryRunner.query(`DROP INDEX \`ix_ledger_account_date\` ON \`ledger_entries\``);
        await queryRunner.query(`DROP INDEX \`uq_ledger_external_id\` ON \`ledger_entries\``);
        await queryRunner.query(`DROP TABLE \`ledger_entries\``);
        await queryRunner.query(`DROP TABLE \`subscriber_credentials\``);
        await queryRunner.query(`DROP INDEX \`ix_refresh_sessions_family\` ON \`refresh_sessions\``);
        await queryRunner.query(`DROP INDEX \`ix_refresh_sessions_subject\` ON \`refresh_sessions\``);
        await queryRunner.query(`DROP INDEX \`uq_refresh_sessions_token\` ON \`refresh_sessions\``);
        await queryRunner.query(`DROP TABLE \`refresh_sessions\``);
        await queryRunner.query(`DROP INDEX \`ix_password_reset_account\` ON \`password_reset_tokens\``);
        await queryRunner.query(`DROP INDEX \`uq_password_reset_token\` ON \`password_reset_tokens\``);
        await queryRunner.query(`DROP TABLE \`password_reset_tokens\``);
        await queryRunner.query(`DROP INDEX \`ix_appeal_replies_appeal\` ON \`appeal_replies\``);
        await queryRunner.query(`DROP TABLE \`appeal_replies\``);
        await queryRunner.query(`DROP INDEX \`ix_appeals_account\` ON \`appeals\``);
        await queryRunner.query(`DROP INDEX \`ix_appeals_status\` ON \`appeals\``);
        await queryRunner.query(`DROP TABLE \`appeals\``);
        await queryRunner.query(`DROP INDEX \`ix_api_tokens_owner\` ON \`api_tokens\``);
        await queryRunner.query(`DROP INDEX \`uq_api_tokens_hash\` ON \`api_tokens\``);
        await queryRunner.query(`DROP TABLE \`api_tokens\``);
        await queryRunner.query(`DROP INDEX \`uq_accounts_number\` ON \`accounts\``);
        await queryRunner.query(`DROP TABLE \`accounts\``);
    }

}
