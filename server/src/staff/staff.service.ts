import type { DataSource } from 'typeorm';
import { hashPassword, passwordProblem } from '../auth/passwords';
import { Staff } from './staff.entity';

export class StaffService {
  constructor(private readonly db: DataSource) {}

  /** Creates an operator, or sets a new password for an existing one. */
  async createOrUpdate(rawUsername: string, password: string, fullName: string | null = null): Promise<{ created: boolean; staff: Staff }> {
    const username = rawUsername.trim().toLowerCase();
    if (!/^[a-z0-9._-]{3,64}$/.test(username)) {
      throw new Error('The username must be 3–64 characters: latin letters, digits, dot, dash or underscore.');
    }
    const problem = passwordProblem(password);
    if (problem) throw new Error(`Password refused: ${problem}`);
    const repo = this.db.getRepository(Staff);
    const passwordHash = await hashPassword(password);
    const existing = await repo.findOne({ where: { username } });
    if (existing) {
      await repo.update(existing.id, { passwordHash, ...(fullName ? { fullName } : {}), active: true });
      return { created: false, staff: (await repo.findOneByOrFail({ id: existing.id })) };
    }
    const staff = await repo.save(repo.create({ username, passwordHash, fullName, active: true }));
    return { created: true, staff };
  }
}
