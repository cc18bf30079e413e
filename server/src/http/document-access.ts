/**
 * Whose documents a plain HTTP route may serve (the ledger report, the payment document): the same rule as
 * `Account.ledger` / `Account.paymentDocument` in GraphQL, checked by the same auth checker — a subscriber
 * (a session, or a token with ACCOUNT_READ) any of the person's accounts (`?account=NUMBER`, the signed-in one
 * when omitted); staff (a session, or a token with
 * ACCOUNTS_READ_ANY or OPERATOR) any account named by `?account=NUMBER`.
 */
import type { Request } from 'express';
import { Account } from '../accounts/account.entity';
import { normalizeAccountNumber } from '../common/account-input';
import { Access, checkAccess } from '../auth/access';
import { viewerOf } from './http-viewer';
import { ApiScope } from '../common/enums';
import { AppError, ErrorCode, badInput, forbidden } from '../errors';
import type { Services } from '../services';

export const DOCUMENT_RULE = Access.subscriberOrStaff(ApiScope.ACCOUNT_READ);

export async function documentAccount(services: Services, req: Request): Promise<Account> {
  const viewer = await viewerOf(services, req);
  checkAccess({ viewer }, DOCUMENT_RULE);
  const raw = req.query.account;
  if (raw !== undefined && typeof raw !== 'string') throw badInput('account', 'Параметр account — номер лицевого счёта.');
  // A subscriber: any of the person's accounts (#15), the signed-in one when ?account is omitted.
  if (viewer.kind === 'subscriber') return services.accounts.ownAccountByNumber(viewer, raw || null, 'account');
  if (!raw) throw badInput('account', 'Укажите номер лицевого счёта: параметр account=NUMBER.');
  const number = normalizeAccountNumber(raw, 'account');
  const account = await services.db.getRepository(Account).findOne({ where: { number } });
  if (!account) throw new AppError(ErrorCode.NOT_FOUND, `Лицевой счёт ${number} не найден.`, { field: 'account' });
  return account;
}
