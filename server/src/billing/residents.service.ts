/** The number of residents of an account, which charges by norm multiply (staff only). */
import type { DataSource } from 'typeorm';
import { Account } from '../accounts/account.entity';
import { normalizeAccountNumber } from '../accounts/account-input';
import { AuditService } from '../audit/audit.service';
import type { Viewer } from '../auth/viewer';
import { AppError, ErrorCode, badInput } from '../errors';

export const MAX_RESIDENTS = 99;

export class ResidentsService {
  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditService = new AuditService(db),
  ) {}

  async set(accountNumber: string, residents: number, actor: Viewer | null): Promise<Account> {
    const number = normalizeAccountNumber(accountNumber, 'accountNumber');
    if (!Number.isInteger(residents) || residents < 0 || residents > MAX_RESIDENTS) {
      throw badInput('residents', `Число проживающих — целое число от 0 до ${MAX_RESIDENTS}.`);
    }
    return this.db.transaction(async (tx) => {
      const accounts = tx.getRepository(Account);
      const account = await accounts.findOne({ where: { number }, lock: { mode: 'pessimistic_write' } });
      if (!account) {
        throw new AppError(ErrorCode.NOT_FOUND, `Лицевой счёт ${number} не найден. Проверьте номер лицевого счёта.`, { field: 'accountNumber' });
      }
      const before = account.residents;
      if (before !== residents) {
        await accounts.update(account.id, { residents });
        await this.audit.record(tx, {
          actor,
          action: 'account.set_residents',
          entityType: 'account',
          entityId: account.id,
          before: { accountNumber: number, residents: before },
          after: { accountNumber: number, residents },
        });
      }
      return accounts.findOneOrFail({ where: { id: account.id } });
    });
  }
}
