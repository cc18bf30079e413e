/** The number of residents of an account, which charges by norm multiply (staff only). */
import type { DataSource } from 'typeorm';
import { Account } from '../accounts/account.entity';
import { normalizeAccountNumber } from '../common/account-input';
import { AuditService } from '../audit/audit.service';
import type { Viewer } from '../auth/viewer';
import { AppError, ErrorCode, badInput } from '../errors';

export const MAX_RESIDENTS = 99;

export class ResidentsService {
  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditService = new AuditService(db),
  ) {}

  /** Sets the residents and, when given, the owners (charges by norm use them when nobody is registered, ПП №354 п.56(2)). */
  async set(accountNumber: string, residents: number, actor: Viewer | null, owners?: number | null): Promise<Account> {
    const number = normalizeAccountNumber(accountNumber, 'accountNumber');
    if (!Number.isInteger(residents) || residents < 0 || residents > MAX_RESIDENTS) {
      throw badInput('residents', `Число проживающих — целое число от 0 до ${MAX_RESIDENTS}.`);
    }
    if (owners != null && (!Number.isInteger(owners) || owners < 0 || owners > MAX_RESIDENTS)) {
      throw badInput('owners', `Число собственников — целое число от 0 до ${MAX_RESIDENTS}.`);
    }
    return this.db.transaction(async (tx) => {
      const accounts = tx.getRepository(Account);
      const account = await accounts.findOne({ where: { number }, lock: { mode: 'pessimistic_write' } });
      if (!account) {
        throw new AppError(ErrorCode.NOT_FOUND, `Лицевой счёт ${number} не найден. Проверьте номер лицевого счёта.`, { field: 'accountNumber' });
      }
      const before = { residents: account.residents, owners: account.owners };
      const after = { residents, owners: owners ?? account.owners };
      if (before.residents !== after.residents || before.owners !== after.owners) {
        await accounts.update(account.id, after);
        await this.audit.record(tx, {
          actor,
          action: 'account.set_residents',
          entityType: 'account',
          entityId: account.id,
          before: { accountNumber: number, ...before },
          after: { accountNumber: number, ...after },
        });
      }
      return accounts.findOneOrFail({ where: { id: account.id } });
    });
  }
}
