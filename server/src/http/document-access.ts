/**
 * Whose documents a plain HTTP route may serve (the ledger report, the payment document): the same rule as
 * `Account.ledger` / `Account.paymentDocument` in GraphQL, checked by the same auth checker — a subscriber
 * (a session, or a token with ACCOUNT_READ) their own account; staff (a session, or a token with
 * ACCOUNTS_READ_ANY or OPERATOR) any account named by `?account=NUMBER`.
 */
import type { Request } from 'express';
import { Account } from '../accounts/account.entity';
import { normalizeAccountNumber } from '../accounts/account-input';
import { Access, checkAccess } from '../auth/access';
import { viewerOf } from '../auth/http-viewer';
import { ApiScope } from '../common/enums';
import { AppError, ErrorCode, badInput, forbidden } from '../errors';
import type { Services } from '../services';

export const DOCUMENT_RULE = Access.subscriberOrStaff(ApiScope.ACCOUNT_READ);

export async function documentAccount(services: Services, req: Request): Promise<Account> {
  const viewer = await viewerOf(services, req);
  checkAccess({ viewer }, DOCUMENT_RULE);
  const raw = req.query.account;
  if (raw !== undefined && typeof raw !== 'string') throw badInput('account', 'Параметр account — номер лицевого счёта.');
  if (viewer.kind === 'subscriber') {
    const own = await services.accounts.byId(viewer.accountId);
    if (raw !== undefined && raw !== '' && normalizeAccountNumber(raw, 'account') !== own.number) {
      throw forbidden('Можно открыть документы только своего лицевого счёта.');
    }
    return own;
  }
  if (!raw) throw badInput('account', 'Укажите номер лицевого счёта: параметр account=NUMBER.');
  const number = normalizeAccountNumber(raw, 'account');
  const account = await services.db.getRepository(Account).findOne({ where: { number } });
  if (!account) throw new AppError(ErrorCode.NOT_FOUND, `Лицевой счёт ${number} не найден.`, { field: 'account' });
  return account;
}
