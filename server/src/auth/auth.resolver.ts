import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { Context } from '../graphql/context';
import { AuthPayload, RegisterInput, RegisterPayload } from './auth.types';

@Resolver()
export class AuthResolver {
  @Mutation(() => RegisterPayload, {
    description: 'Checks the account number and activation code from the bill, creates the login and e-mails a password.',
  })
  register(@Arg('input', () => RegisterInput) input: RegisterInput, @Ctx() ctx: Context): Promise<RegisterPayload> {
    return ctx.services.auth.register(input, ctx.clientIp);
  }

  @Mutation(() => AuthPayload)
  async login(
    @Arg('accountNumber', () => String) accountNumber: string,
    @Arg('password', () => String) password: string,
    @Arg('remember', () => Boolean, { nullable: true }) remember: boolean | null,
    @Ctx() ctx: Context,
  ): Promise<AuthPayload> {
    const session = await ctx.services.auth.login(accountNumber, password.slice(0, 200), remember === true, ctx.clientIp);
    return { accessToken: session.accessToken, refreshToken: session.refreshToken, expiresAt: session.expiresAt, account: session.account };
  }

  @Mutation(() => AuthPayload)
  async staffLogin(
    @Arg('username', () => String) username: string,
    @Arg('password', () => String) password: string,
    @Ctx() ctx: Context,
  ): Promise<AuthPayload> {
    const session = await ctx.services.auth.staffLogin(username.slice(0, 64), password.slice(0, 200), ctx.clientIp);
    return { ...session, account: null };
  }

  @Mutation(() => AuthPayload)
  async refreshSession(@Arg('refreshToken', () => String) refreshToken: string, @Ctx() ctx: Context): Promise<AuthPayload> {
    const session = await ctx.services.auth.refresh(refreshToken.slice(0, 200), ctx.clientIp);
    const account = session.subjectType === 'SUBSCRIBER' ? await ctx.loaders.account.load(session.subjectId) : null;
    return { accessToken: session.accessToken, refreshToken: session.refreshToken, expiresAt: session.expiresAt, account };
  }

  @Mutation(() => Boolean)
  logout(@Arg('refreshToken', () => String) refreshToken: string, @Ctx() ctx: Context): Promise<boolean> {
    return ctx.services.auth.logout(refreshToken.slice(0, 200));
  }

  @Mutation(() => Boolean, { description: 'Always answers true, whether or not the account exists.' })
  requestPasswordReset(@Arg('accountNumber', () => String) accountNumber: string, @Ctx() ctx: Context): Promise<boolean> {
    return ctx.services.auth.requestPasswordReset(accountNumber, ctx.clientIp);
  }

  @Mutation(() => Boolean)
  resetPassword(
    @Arg('token', () => String) token: string,
    @Arg('newPassword', () => String) newPassword: string,
    @Ctx() ctx: Context,
  ): Promise<boolean> {
    return ctx.services.auth.resetPassword(token.slice(0, 200), newPassword);
  }
}
