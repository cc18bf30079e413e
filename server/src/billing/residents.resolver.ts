import { Arg, Authorized, Ctx, Int, Mutation, Resolver } from 'type-graphql';
import { Account } from '../accounts/account.entity';
import { Access } from '../auth/access';
import { ApiScope } from '../common/enums';
import type { Context } from '../graphql/context';

@Resolver(() => Account)
export class ResidentsResolver {
  @Authorized(Access.staff(ApiScope.BILLING_ADMIN))
  @Mutation(() => Account, {
    description:
      'Staff: sets the number of registered residents of an account (and, when given, of its owners), used by charges by norm. ' +
      'A token without ACCOUNTS_READ_ANY sees the answer’s id, number, residents and owners only.',
  })
  setResidents(
    @Arg('accountNumber', { description: 'The account number, digits only.' }) accountNumber: string,
    @Arg('residents', () => Int, { description: 'Residents, 0 to 99.' }) residents: number,
    @Arg('owners', () => Int, { nullable: true, description: 'Owners, 0 to 99: the norm counts them when no resident is registered (ПП №354 п.56(2)).' })
    owners: number | null,
    @Ctx() ctx: Context,
  ): Promise<Account> {
    return ctx.services.residents.set(accountNumber, residents, ctx.viewer, owners);
  }
}
