import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The operators' list of every appeal, oldest first (appealsForReview without a status), read in
 * index order instead of sorting the whole table (bench/results/explain.md).
 */
export class AppealsByDate1795571700000 implements MigrationInterface {
    name = 'AppealsByDate1795571700000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE INDEX \`ix_appeals_created\` ON \`appeals\` (\`created_at\`)`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX \`ix_appeals_created\` ON \`appeals\``);
    }
}
