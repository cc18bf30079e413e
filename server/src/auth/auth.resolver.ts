import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { forbidden } from '../errors';
import type { Context } from '../graphql/context';
import { AuthPayload, RegisterInput, RegisterPayload, SubscriptionTicket } from './auth.types';

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

  @Mutation(() => Boolean, {
    description: 'Always answers true, in the same time, whether or not the account exists: the e-mail is sent after the answer.',
  })
  requestPasswordReset(@Arg('accountNumber', () => String) accountNumber: string, @Ctx() ctx: Context): Promise<boolean> {
    return ctx.services.auth.requestPasswordReset(accountNumber, ctx.clientIp);
  }

  @Mutation(() => Boolean, {
    description:
      'Sets a new password from a reset link (INVALID_TOKEN when it is used, expired or made up; WEAK_PASSWORD). The link is used up and ' +
      "the account's other links cancelled; every sign-in and API token of the account ends; the subscriber is told by e-mail.",
  })
  resetPassword(
    @Arg('token', () => String) token: string,
    @Arg('newPassword', () => String) newPassword: string,
    @Ctx() ctx: Context,
  ): Promise<boolean> {
    return ctx.services.auth.resetPassword(token.slice(0, 200), newPassword, ctx.clientIp);
  }

  @Authorized(['SUBSCRIBER', 'STAFF'])
  @Mutation(() => SubscriptionTicket, {
    description:
      "A session's one-time ticket for the live-reply WebSocket (connectionParams: { ticket }), valid 60 seconds: a browser page connects " +
      'without ever holding the access token. API tokens connect with their own Authorization.',
  })
  createSubscriptionTicket(@Ctx() ctx: Context): SubscriptionTicket {
    const v = ctx.viewer;
    if (v.kind === 'anonymous' || v.via !== 'session') throw forbidden('Билет для подписки выдаётся только сеансу входа; API-токен подключается сам.');
    return ctx.services.tickets.issue(v);
  }

  @Query(() => Boolean, {
    description: 'Whether a password-reset link can still be used (the site asks when the page opens). Made-up links count as attempts of the caller.',
  })
  passwordResetLinkValid(@Arg('token', () => String) token: string, @Ctx() ctx: Context): Promise<boolean> {
    return ctx.services.auth.resetLinkValid(token.slice(0, 200), ctx.clientIp);
  }
}
