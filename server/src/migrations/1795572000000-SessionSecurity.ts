import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Sessions that end everywhere at once: an index for the revoked sign-ins each API instance reads every
 * second, and when a sign-in last checked the password (a fresh sign-in may create an API token).
 */
export class SessionSecurity1795572000000 implements MigrationInterface {
    name = 'SessionSecurity1795572000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE \`refresh_sessions\` ADD \`authenticated_at\` datetime(3) NULL`);
        await queryRunner.query(`CREATE INDEX \`ix_refresh_sessions_revoked\` ON \`refresh_sessions\` (\`revoked_at\`)`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX \`ix_refresh_sessions_revoked\` ON \`refresh_sessions\``);
        await queryRunner.query(`ALTER TABLE \`refresh_sessions\` DROP COLUMN \`authenticated_at\``);
    }
}
