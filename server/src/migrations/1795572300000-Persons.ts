import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Several accounts under one sign-in (#15): the person who signs in (a subscriber: password) is no longer the
 * account. Every registered account becomes a person with that one account, keeping its id as the person's id,
 * so the sessions, API tokens and access tokens already issued (whose subject is that id) go on working.
 * Sessions remember the account signed in with; API tokens their default account and, optionally, the list of
 * accounts they reach. Down: every account of a person gets the person's password again (one sign-in each); sign-ins whose access
 * tokens name a person by an id that is not their account's end.
 */
export class Persons1795572300000 implements MigrationInterface {
    name = 'Persons1795572300000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE \`subscribers\` (\`id\` int UNSIGNED NOT NULL AUTO_INCREMENT, \`password_hash\` varchar(255) NOT NULL, \`password_changed_at\` datetime(3) NOT NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
        await queryRunner.query(`INSERT INTO \`subscribers\` (\`id\`, \`password_hash\`, \`password_changed_at\`, \`created_at\`) SELECT \`account_id\`, \`password_hash\`, \`password_changed_at\`, \`created_at\` FROM \`subscriber_credentials\``);
        await queryRunner.query(`ALTER TABLE \`accounts\` ADD \`subscriber_id\` int UNSIGNED NULL, ADD INDEX \`ix_accounts_subscriber\` (\`subscriber_id\`)`);
        await queryRunner.query(`UPDATE \`accounts\` a JOIN \`subscriber_credentials\` c ON c.\`account_id\` = a.\`id\` SET a.\`subscriber_id\` = c.\`account_id\``);
        await queryRunner.query(`ALTER TABLE \`accounts\` ADD CONSTRAINT \`fk_accounts_subscriber\` FOREIGN KEY (\`subscriber_id\`) REFERENCES \`subscribers\`(\`id\`) ON DELETE SET NULL ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE \`refresh_sessions\` ADD \`account_id\` int UNSIGNED NULL`);
        await queryRunner.query(`UPDATE \`refresh_sessions\` SET \`account_id\` = \`subject_id\` WHERE \`subject_type\` = 'SUBSCRIBER'`);
        await queryRunner.query(`ALTER TABLE \`api_tokens\` ADD \`account_id\` int UNSIGNED NULL, ADD \`account_ids\` varchar(2000) NULL`);
        await queryRunner.query(`UPDATE \`api_tokens\` SET \`account_id\` = \`owner_id\` WHERE \`owner_type\` = 'SUBSCRIBER'`);
        await queryRunner.query(`DROP TABLE \`subscriber_credentials\``);
        // A card payment split over several of the person's accounts: one line per account.
        await queryRunner.query(`CREATE TABLE \`card_payment_parts\` (\`payment_id\` char(36) NOT NULL, \`account_id\` int UNSIGNED NOT NULL, \`amount\` decimal(14,2) NOT NULL, \`ledger_entry_id\` bigint UNSIGNED NULL, PRIMARY KEY (\`payment_id\`, \`account_id\`), CONSTRAINT \`fk_card_payment_parts_payment\` FOREIGN KEY (\`payment_id\`) REFERENCES \`card_payments\`(\`id\`) ON DELETE CASCADE, CONSTRAINT \`fk_card_payment_parts_account\` FOREIGN KEY (\`account_id\`) REFERENCES \`accounts\`(\`id\`) ON DELETE RESTRICT) ENGINE=InnoDB`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TABLE \`card_payment_parts\``);
        await queryRunner.query(`CREATE TABLE \`subscriber_credentials\` (\`account_id\` int UNSIGNED NOT NULL, \`password_hash\` varchar(255) NOT NULL, \`password_changed_at\` datetime(3) NOT NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), PRIMARY KEY (\`account_id\`)) ENGINE=InnoDB`);
        await queryRunner.query(`INSERT INTO \`subscriber_credentials\` (\`account_id\`, \`password_hash\`, \`password_changed_at\`, \`created_at\`) SELECT a.\`id\`, s.\`password_hash\`, s.\`password_changed_at\`, s.\`created_at\` FROM \`accounts\` a JOIN \`subscribers\` s ON s.\`id\` = a.\`subscriber_id\``);
        await queryRunner.query(`ALTER TABLE \`subscriber_credentials\` ADD CONSTRAINT \`FK_6256d3907f7ebff1d295ede2193\` FOREIGN KEY (\`account_id\`) REFERENCES \`accounts\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION`);
        // Access tokens name the person (sub) and the account (acc); the old schema knows only accounts. A sign-in
        // whose person's id is not its account's id would, once migrated up again, name someone else: it ends.
        await queryRunner.query(`UPDATE \`refresh_sessions\` SET \`revoked_at\` = COALESCE(\`revoked_at\`, NOW(3)) WHERE \`subject_type\` = 'SUBSCRIBER' AND \`account_id\` IS NOT NULL AND \`subject_id\` <> \`account_id\``);
        // A session or token of a person speaks for the account it was opened with / made for.
        await queryRunner.query(`UPDATE \`refresh_sessions\` SET \`subject_id\` = \`account_id\` WHERE \`subject_type\` = 'SUBSCRIBER' AND \`account_id\` IS NOT NULL`);
        await queryRunner.query(`UPDATE \`api_tokens\` SET \`owner_id\` = \`account_id\` WHERE \`owner_type\` = 'SUBSCRIBER' AND \`account_id\` IS NOT NULL`);
        await queryRunner.query(`ALTER TABLE \`api_tokens\` DROP COLUMN \`account_ids\`, DROP COLUMN \`account_id\``);
        await queryRunner.query(`ALTER TABLE \`refresh_sessions\` DROP COLUMN \`account_id\``);
        await queryRunner.query(`ALTER TABLE \`accounts\` DROP FOREIGN KEY \`fk_accounts_subscriber\``);
        await queryRunner.query(`ALTER TABLE \`accounts\` DROP INDEX \`ix_accounts_subscriber\`, DROP COLUMN \`subscriber_id\``);
        await queryRunner.query(`DROP TABLE \`subscribers\``);
    }
}
