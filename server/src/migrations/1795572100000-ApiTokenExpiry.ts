import { MigrationInterface, QueryRunner } from "typeorm";

/** An API token may expire: after expires_at it is refused with reason EXPIRED. */
export class ApiTokenExpiry1795572100000 implements MigrationInterface {
    name = 'ApiTokenExpiry1795572100000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE \`api_tokens\` ADD \`expires_at\` datetime(3) NULL`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE \`api_tokens\` DROP COLUMN \`expires_at\``);
    }
}
