import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Signed webhooks (webhooks/, docs/WEBHOOKS.md): the endpoints (a subscriber's or a staff member's, with the
 * API token that created them and the signing secret encrypted), the durable outbox of events written in the
 * business transactions, and one delivery per event and endpoint with its retries. The due index serves the
 * dispatchers' claim (next_attempt_at <= now … FOR UPDATE SKIP LOCKED); (endpoint_id, id) the deliveries list.
 */
export class Webhooks1795572200000 implements MigrationInterface {
    name = 'Webhooks1795572200000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE \`webhook_endpoints\` (\`id\` int UNSIGNED NOT NULL AUTO_INCREMENT, \`account_id\` int UNSIGNED NULL, \`staff_id\` int UNSIGNED NULL, \`api_token_id\` int UNSIGNED NULL, \`url\` varchar(2048) NOT NULL, \`events\` set ('APPEAL_REPLIED', 'READING_REVIEWED', 'PAYMENT_RECORDED', 'CHARGES_POSTED') NOT NULL, \`secret_ciphertext\` varchar(255) NOT NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), \`disabled_at\` datetime(3) NULL, \`consecutive_failures\` int UNSIGNED NOT NULL DEFAULT 0, \`deleted_at\` datetime(3) NULL, INDEX \`ix_webhook_endpoints_account\` (\`account_id\`), INDEX \`ix_webhook_endpoints_staff\` (\`staff_id\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
        await queryRunner.query(`CREATE TABLE \`webhook_events\` (\`id\` varchar(40) NOT NULL, \`type\` enum ('APPEAL_REPLIED', 'READING_REVIEWED', 'PAYMENT_RECORDED', 'CHARGES_POSTED') NOT NULL, \`account_id\` int UNSIGNED NULL, \`payload\` text NOT NULL, \`created_at\` datetime(3) NOT NULL, INDEX \`ix_webhook_events_account\` (\`account_id\`, \`created_at\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
        await queryRunner.query(`CREATE TABLE \`webhook_deliveries\` (\`id\` bigint UNSIGNED NOT NULL AUTO_INCREMENT, \`event_id\` varchar(40) NOT NULL, \`endpoint_id\` int UNSIGNED NOT NULL, \`attempts\` smallint UNSIGNED NOT NULL DEFAULT 0, \`last_status\` smallint UNSIGNED NULL, \`last_error\` varchar(500) NULL, \`last_attempt_at\` datetime(3) NULL, \`next_attempt_at\` datetime(3) NULL, \`claimed_by\` char(36) NULL, \`delivered_at\` datetime(3) NULL, \`given_up_at\` datetime(3) NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), INDEX \`ix_webhook_deliveries_due\` (\`next_attempt_at\`), INDEX \`ix_webhook_deliveries_endpoint\` (\`endpoint_id\`, \`id\`), INDEX \`ix_webhook_deliveries_event\` (\`event_id\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`);
        await queryRunner.query(`ALTER TABLE \`webhook_endpoints\` ADD CONSTRAINT \`fk_webhook_endpoints_account\` FOREIGN KEY (\`account_id\`) REFERENCES \`accounts\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE \`webhook_endpoints\` ADD CONSTRAINT \`fk_webhook_endpoints_staff\` FOREIGN KEY (\`staff_id\`) REFERENCES \`staff\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE \`webhook_endpoints\` ADD CONSTRAINT \`fk_webhook_endpoints_api_token\` FOREIGN KEY (\`api_token_id\`) REFERENCES \`api_tokens\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE \`webhook_deliveries\` ADD CONSTRAINT \`fk_webhook_deliveries_endpoint\` FOREIGN KEY (\`endpoint_id\`) REFERENCES \`webhook_endpoints\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE \`webhook_deliveries\` ADD CONSTRAINT \`fk_webhook_deliveries_event\` FOREIGN KEY (\`event_id\`) REFERENCES \`webhook_events\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TABLE \`webhook_deliveries\``);
        await queryRunner.query(`DROP TABLE \`webhook_events\``);
        await queryRunner.query(`DROP TABLE \`webhook_endpoints\``);
    }
}
