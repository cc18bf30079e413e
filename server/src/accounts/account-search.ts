/**
 * Staff look an account up by what the caller tells them: the account number (a prefix,
 * served by uq_accounts_number), or words of the holder's name and the address in any order
 * («Иванов», «Петрова Ан», «Ленина 24», «Энергетическая, д. 24»): each word typed is the start of a
 * word of the account's (case-insensitive; a number, a whole number), served by the account_search_words index (kept by triggers,
 * migration 1795572500000-AccountSearchWords) — at a million accounts a search reads the matching
 * accounts only, not the whole table. Staff then open the account with account(number).
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

/** Past this many matching accounts a search walks the accounts in name order instead of sorting the matches. */
export const BROAD_MATCHES = 5000;

/** At most this many words of a query are matched (the rest narrow nothing a person would miss). */
export const SEARCH_MAX_WORDS = 5;

export type SearchMode = { kind: 'number'; digits: string } | { kind: 'text'; text: string; words: string[] };

/**
 * The words of a name or address as the index holds them: runs of letters and digits (the same split as the
 * migration's triggers). Punctuation, % and _ are separators, never wildcards. A single letter with a dot
 * («г.», «д.», «п.») is an abbreviation of the address, which the index leaves out, so it is dropped here too; a
 * single letter without one is an initial («Смирнов Г») and matches the start of a name.
 */
export function searchWords(text: string): string[] {
  const words = text
    .replace(/(?<![\p{L}\p{N}])\p{L}\./gu, ' ')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
  return [...new Set(words.map((w) => w.toLocaleLowerCase('ru')))].slice(0, SEARCH_MAX_WORDS);
}

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
  return { kind: 'text', text, words: searchWords(text) };
}

export class AccountSearchService {
  /** `broadMatches`: past this many matches, the name-order walk (BROAD_MATCHES; tests set it low to walk both ways). */
  constructor(
    private readonly db: DataSource,
    private readonly broadMatches = BROAD_MATCHES,
  ) {}

  /** By number: ordered by number. By words of the name or address: ordered by last name, first name, then id. */
  async search(query: string, first?: number | null, after?: string | null): Promise<Page<Account>> {
    const mode = searchMode(query);
    const size = pageSize(first);
    const qb = this.db.getRepository(Account).createQueryBuilder('a');
    if (mode.kind === 'number') {
      qb.where("a.number LIKE :prefix", { prefix: `${escapeLike(mode.digits)}%` });
      return this.page(qb, ['a.number'], (a) => [a.number], size, after);
    }
    if (!mode.words.length) return toPage<Account>([], size, after, 0, () => '');
    // One alias of the word index per word, joined on the account: MySQL starts from the word with the fewest
    // entries (its range estimate) and checks the others by (account_id, word). A word is the start of a word;
    // a number is a whole number (house 24 is not house 240), with a letter after it allowed (24а).
    const params: Record<string, string> = {};
    const matches = mode.words.map((word, i) => {
      params[`w${i}`] = `${escapeLike(word)}%`;
      if (!/^\d+$/.test(word)) return `w${i}.word LIKE :w${i}`;
      params[`n${i}`] = word;
      params[`r${i}`] = `^${word}[^0-9]`;
      return `w${i}.word LIKE :w${i} AND (w${i}.word = :n${i} OR w${i}.word REGEXP :r${i})`;
    });
    const joins = matches
      .slice(1)
      .map((match, i) => `JOIN account_search_words w${i + 1} ON w${i + 1}.account_id = w0.account_id AND ${match}`)
      .join(' ');
    const matching = `FROM account_search_words w0 ${joins} WHERE ${matches[0]}`;
    const select = (sql: string) => this.db.query(...this.db.driver.escapeQueryWithParameters(sql, params, {}));
    // The matching accounts, from the word index alone (no account row read), up to BROAD_MATCHES of them.
    const found: { id: number | string }[] = await select(`SELECT DISTINCT w0.account_id AS id ${matching} LIMIT ${this.broadMatches + 1}`);
    let totalCount: number;
    if (found.length <= this.broadMatches) {
      // Few: those accounts by id, sorted. (Given as a list, not as the subquery: MariaDB estimated the subquery's
      // rows as the product of every word's and chose to read the whole accounts table to check each against it —
      // «ул. Ленина, д. 499, кв. 42» took 206–282 ms at 100,000 accounts.)
      totalCount = found.length;
      if (found.length) qb.where('a.id IN (:...ids)', { ids: found.map((r) => Number(r.id)) });
      else qb.where('1 = 0');
    } else {
      // Many («Ленина» in a city, a common surname): counted in the word index; accounts walked in name order
      // (ix_accounts_name), each checked in the word index, until a page is full — sorting every match would read
      // them all (seconds at a million).
      const [{ n }] = await select(`SELECT COUNT(DISTINCT w0.account_id) AS n ${matching}`);
      totalCount = Number(n);
      const probe = matches.map((match, i) => `EXISTS (SELECT 1 FROM account_search_words w${i} WHERE w${i}.account_id = a.id AND ${match})`);
      qb.where(`(SELECT 1 FROM dual WHERE ${probe.join(' AND ')}) = 1`, params).useIndex('ix_accounts_name');
    }
    return this.page(qb, ['a.last_name', 'a.first_name', 'a.id'], (a) => [a.lastName, a.firstName, a.id], size, after, totalCount);
  }

  /** Keyset pagination over `columns` (the sort index or a filesort, whichever the plan takes). */
  private async page(
    qb: SelectQueryBuilder<Account>,
    columns: string[],
    key: (a: Account) => (string | number)[],
    size: number,
    after: string | null | undefined,
    counted?: number,
  ): Promise<Page<Account>> {
    const cursor = decodeCursor(after, columns.length);
    const totalCount = counted ?? (await qb.clone().getCount());
    if (cursor) qb.andWhere(`(${afterKey(columns)})`, Object.fromEntries(cursor.map((v, i) => [`k${i}`, v])));
    for (const [i, column] of columns.entries()) {
      if (i === 0) qb.orderBy(column, 'ASC');
      else qb.addOrderBy(column, 'ASC');
    }
    const rows = await qb.limit(size + 1).getMany();
    return toPage(rows, size, after, totalCount, (a) => encodeCursor(key(a)));
  }
}

/**
 * `(c0, c1, c2) > (:k0, :k1, :k2)` spelled out (c0 > :k0 OR (c0 = :k0 AND (c1 > :k1 OR …))): MariaDB reads the
 * spelled-out form as a range of the sort index, the row comparison as a filter (a later page of a broad search
 * would read every account before it).
 */
export function afterKey(columns: string[], i = 0): string {
  if (i === columns.length - 1) return `${columns[i]} > :k${i}`;
  return `${columns[i]} > :k${i} OR (${columns[i]} = :k${i} AND (${afterKey(columns, i + 1)}))`;
}
