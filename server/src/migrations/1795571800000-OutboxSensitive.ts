import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The outbox remembers which messages carry a secret (a password, a reset link), so a message
 * delivered by the retry loop — not only at once — has its text wiped too. Messages already waiting
 * are marked by what they say.
 */
export class OutboxSensitive1795571800000 implements MigrationInterface {
    name = 'OutboxSensitive1795571800000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE \`mail_outbox\` ADD \`carries_secret\` tinyint NOT NULL DEFAULT 0`);
        await queryRunner.query(`UPDATE \`mail_outbox\` SET \`carries_secret\` = 1 WHERE \`status\` IN ('PENDING', 'LOGGED') AND (\`text\` LIKE '%Пароль:%' OR \`text\` LIKE '%reset?token=%')`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE \`mail_outbox\` DROP COLUMN \`carries_secret\``);
    }
}
