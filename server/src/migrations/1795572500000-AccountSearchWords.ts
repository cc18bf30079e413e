import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Staff search by name or address at a city's scale (#16): the words of each account's name and address,
 * indexed, instead of `address LIKE '%…%'` (a read of the whole accounts table for every search).
 *
 * A word is a run of letters and digits of the holder's last, first and middle name and of the address;
 * words of one letter («г.», «д.», «ул» is two) are left out, numbers of any length are kept (house 5, flat 12).
 * Triggers keep the words with the account whoever writes it (the import, the seed, the bench's set-based
 * SQL, a clerk's correction), so no writer can forget. Why not FULLTEXT: MariaDB has no n-gram parser, and
 * its word parser drops words shorter than innodb_ft_min_token_size (3, a server-wide setting) — house and
 * flat numbers. The search (accounts/account-search.ts) matches every word the operator types as the start
 * of a word of the account's, in any order.
 *
 * The expression is plain SQL that MariaDB 10.6+ and MySQL 8 both run: \p{L}/\p{N} in REGEXP_REPLACE (PCRE2 /
 * ICU), JSON_TABLE to turn the words into rows.
 */
const WORDS = (row: string) => `JSON_TABLE(
      CONCAT('["', REPLACE(TRIM(REGEXP_REPLACE(CONCAT_WS(' ', ${row}.last_name, ${row}.first_name, ${row}.middle_name, ${row}.address), '[^\\\\p{L}\\\\p{N}]+', ' ')), ' ', '","'), '"]'),
      '$[*]' COLUMNS (word VARCHAR(255) PATH '$')) w`;
const KEPT = `(CHAR_LENGTH(w.word) >= 2 OR w.word REGEXP '^[0-9]+$')`;
const INSERT_WORDS = (row: string, id: string) =>
  `INSERT IGNORE INTO \`account_search_words\` (\`word\`, \`account_id\`) SELECT LEFT(w.word, 64), ${id} FROM ${WORDS(row)} WHERE ${KEPT}`;

export class AccountSearchWords1795572500000 implements MigrationInterface {
    name = 'AccountSearchWords1795572500000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE \`account_search_words\` (\`word\` varchar(64) NOT NULL, \`account_id\` int UNSIGNED NOT NULL, PRIMARY KEY (\`word\`, \`account_id\`), INDEX \`ix_account_search_words_account\` (\`account_id\`, \`word\`), CONSTRAINT \`fk_account_search_words_account\` FOREIGN KEY (\`account_id\`) REFERENCES \`accounts\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
        // Matches listed by name: a query that matches many accounts walks this index and stops at a page.
        await queryRunner.query(`ALTER TABLE \`accounts\` ADD INDEX \`ix_accounts_name\` (\`last_name\`, \`first_name\`, \`id\`)`);
        await queryRunner.query(`INSERT IGNORE INTO \`account_search_words\` (\`word\`, \`account_id\`) SELECT LEFT(w.word, 64), a.id FROM \`accounts\` a CROSS JOIN ${WORDS('a')} WHERE ${KEPT}`);
        await queryRunner.query(`CREATE TRIGGER \`trg_accounts_search_words_insert\` AFTER INSERT ON \`accounts\` FOR EACH ROW ${INSERT_WORDS('NEW', 'NEW.id')}`);
        await queryRunner.query(`CREATE TRIGGER \`trg_accounts_search_words_update\` AFTER UPDATE ON \`accounts\` FOR EACH ROW
      BEGIN
        IF NOT (NEW.last_name <=> OLD.last_name AND NEW.first_name <=> OLD.first_name AND NEW.middle_name <=> OLD.middle_name AND NEW.address <=> OLD.address) THEN
          DELETE FROM \`account_search_words\` WHERE \`account_id\` = NEW.id;
          ${INSERT_WORDS('NEW', 'NEW.id')};
        END IF;
      END`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TRIGGER IF EXISTS \`trg_accounts_search_words_update\``);
        await queryRunner.query(`DROP TRIGGER IF EXISTS \`trg_accounts_search_words_insert\``);
        await queryRunner.query(`DROP TABLE \`account_search_words\``);
        await queryRunner.query(`DROP INDEX \`ix_accounts_name\` ON \`accounts\``);
    }
}
