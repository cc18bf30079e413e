import { Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One word of an account's holder name or address, for staff search (accounts/account-search.ts). Written
 * by the database's triggers on `accounts` (migration 1795572500000-AccountSearchWords), never by the
 * portal: the entity only says the table is there.
 */
@Entity('account_search_words')
@Index('ix_account_search_words_account', ['accountId', 'word'])
export class AccountSearchWord {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  word!: string;

  @PrimaryColumn({ name: 'account_id', type: 'int', unsigned: true })
  accountId!: number;
}
