/**
 * Persons (#15): the subscriber who signs in holds one or more accounts (accounts.subscriber_id).
 * `givePersonTo` makes a new person holding one account (registration, the demo data, tests).
 */
import type { EntityManager } from 'typeorm';
import { Account } from '../accounts/account.entity';
import { Subscriber } from './subscriber.entity';

/** Makes a person with this password hash who holds the account; returns the person's id. */
export async function givePersonTo(tx: EntityManager, accountId: number, passwordHash: string, now = new Date()): Promise<number> {
  const { identifiers } = await tx.getRepository(Subscriber).insert({ passwordHash, passwordChangedAt: now });
  const subscriberId = Number(identifiers[0].id);
  await tx.getRepository(Account).update(accountId, { subscriberId });
  return subscriberId;
}
