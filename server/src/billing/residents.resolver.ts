import { Arg, Authorized, Ctx, Int, Mutation, Resolver } from 'type-graphql';
import { Account } from '../accounts/account.entity';
import { Access } from '../auth/access';
import type { Context } from '../graphql/context';

@Resolver(() => Account)
export class ResidentsResolver {
  @Authorized(Access.staff())
  @Mutation(() => Account, { description: 'Staff: sets the number of registered residents of an account, used by charges by norm.' })
  setResidents(
    @Arg('accountNumber', { description: 'The account number, digits only.' }) accountNumber: string,
    @Arg('residents', () => Int, { description: 'Residents, 0 to 99.' }) residents: number,
    @Ctx() ctx: Context,
  ): Promise<Account> {
    return ctx.services.residents.set(accountNumber, residents, ctx.viewer);
  }
}
