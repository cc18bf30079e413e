/**
 * Staff look an account up by what the caller tells them: the account number (a prefix,
 * served by uq_accounts_number), the name («Иванов», «Иванов Иван», «Иванов Иван Иванович»:
 * prefixes of last, first and middle name), or a piece of the address (substring). Matching is
 * case-insensitive (utf8mb4_unicode_ci). Staff then open the account with account(number).
 */
import type { DataSource, SelectQueryBuilder } from 'typeorm';
import { decodeCursor, encodeCursor, pageSize, toPage, type Page } from '../common/pagination';
import { badInput } from '../errors';
import { Account } from './account.entity';

export const SEARCH_MIN_LENGTH = 2;
export const SEARCH_MAX_LENGTH = 100;

/** LIKE pattern text with %, _ and \ taken literally (\ is MySQL's default LIKE escape). */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export type SearchMode = { kind: 'number'; digits: string } | { kind: 'text'; text: string; words: string[] };

/** Digits (spaces and dashes allowed, as printed on bills) are an account number; anything else a name or address. */
export function searchMode(raw: string): SearchMode {
  const text = String(raw ?? '').replace(/\s+/g, ' ').trim();
  if ([...text].length < SEARCH_MIN_LENGTH) throw badInput('query', `Введите не меньше ${SEARCH_MIN_LENGTH} символов: номер лицевого счёта, фамилию или часть адреса.`);
  if ([...text].length > SEARCH_MAX_LENGTH) throw badInput('query', `Запрос — не длиннее ${SEARCH_MAX_LENGTH} символов.`);
  if (/^[\d\s-]+$/.test(text)) {
    const digits = text.replace(/[\s-]/g, '');
    if (digits.length < SEARCH_MIN_LENGTH) throw badInput('query', `Введите не меньше ${SEARCH_MIN_LENGTH} цифр номера лицевого счёта.`);
    return { kind: 'number', digits };
  }
  return { kind: 'text', text, words: text.split(' ').slice(0, 3) };
}

export class AccountSearchService {
  constructor(private readonly db: DataSource) {}

  /** By number: ordered by number. By name or address: ordered by last name, first name, then id. */
  async search(query: string, first?: number | null, after?: string | null): Promise<Page<Account>> {
    const mode = searchMode(query);
    const size = pageSize(first);
    const qb = this.db.getRepository(Account).createQueryBuilder('a');
    if (mode.kind === 'number') {
      qb.where("a.number LIKE :prefix", { prefix: `${escapeLike(mode.digits)}%` });
      return this.page(qb, ['a.number'], (a) => [a.number], size, after);
    }
    const names = ['a.last_name', 'a.first_name', 'a.middle_name'];
    const byName = mode.words.map((_, i) => `${names[i]} LIKE :w${i}`).join(' AND ');
    const params = Object.fromEntries(mode.words.map((w, i) => [`w${i}`, `${escapeLike(w)}%`]));
    qb.where(`((${byName}) OR a.address LIKE :address)`, { ...params, address: `%${escapeLike(mode.text)}%` });
    return this.page(qb, ['a.last_name', 'a.first_name', 'a.id'], (a) => [a.lastName, a.firstName, a.id], size, after);
  }

  /** Keyset pagination over `columns` (a row comparison, so the sort index or filesort both work). */
  private async page(
    qb: SelectQueryBuilder<Account>,
    columns: string[],
    key: (a: Account) => (string | number)[],
    size: number,
    after: string | null | undefined,
  ): Promise<Page<Account>> {
    const cursor = decodeCursor(after, columns.length);
    const totalCount = await qb.clone().getCount();
    if (cursor) {
      const marks = columns.map((_, i) => `:k${i}`);
      qb.andWhere(`(${columns.join(', ')}) > (${marks.join(', ')})`, Object.fromEntries(cursor.map((v, i) => [`k${i}`, v])));
    }
    for (const [i, column] of columns.entries()) {
      if (i === 0) qb.orderBy(column, 'ASC');
      else qb.addOrderBy(column, 'ASC');
    }
    const rows = await qb.limit(size + 1).getMany();
    return toPage(rows, size, after, totalCount, (a) => encodeCursor(key(a)));
  }
}
