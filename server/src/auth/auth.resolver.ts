import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { forbidden } from '../errors';
import type { Context } from '../graphql/context';
import { AuthPayload, RegisterInput, RegisterPayload, SubscriptionTicket } from './auth.types';

@Resolver()
export class AuthResolver {
  @Mutation(() => RegisterPayload, {
    description: 'Checks the account number and activation code from the bill, creates the login and e-mails a password.',
  })
  register(
    @Arg('input', () => RegisterInput, { description: 'The registration form, with the account number and activation code from the bill.' }) input: RegisterInput,
    @Ctx() ctx: Context,
  ): Promise<RegisterPayload> {
    return ctx.services.auth.register(input, ctx.clientIp);
  }

  @Mutation(() => AuthPayload, {
    description:
      "Signs a subscriber in with the account number and password: an access token and a refresh token. A wrong number or password is " +
      'INVALID_CREDENTIALS (the same for both); attempts are limited per account and client address (RATE_LIMITED with retryAfter).',
  })
  async login(
    @Arg('accountNumber', () => String, { description: 'The account number from the bill (лицевой счёт), 8–20 digits; spaces and dashes are ignored.' }) accountNumber: string,
    @Arg('password', () => String, { description: 'The password e-mailed at registration, or the one set since.' }) password: string,
    @Arg('remember', () => Boolean, {
      nullable: true,
      description: '«Сохранить логин»: true keeps the sign-in (its refresh token) 30 days; omitted or false, 12 hours.',
    })
    remember: boolean | null,
    @Ctx() ctx: Context,
  ): Promise<AuthPayload> {
    const session = await ctx.services.auth.login(accountNumber, password.slice(0, 200), remember === true, ctx.clientIp);
    return { accessToken: session.accessToken, refreshToken: session.refreshToken, expiresAt: session.expiresAt, account: session.account };
  }

  @Mutation(() => AuthPayload, {
    description:
      "Signs an operator (staff) in: the answer's account is null; the refresh token lasts 12 hours. Operators are created from the command line " +
      '(npm run staff:create), never by registration. INVALID_CREDENTIALS for a wrong name or password or a deactivated operator.',
  })
  async staffLogin(
    @Arg('username', () => String, { description: "The operator's username, any case." }) username: string,
    @Arg('password', () => String, { description: "The operator's password." }) password: string,
    @Ctx() ctx: Context,
  ): Promise<AuthPayload> {
    const session = await ctx.services.auth.staffLogin(username.slice(0, 64), password.slice(0, 200), ctx.clientIp);
    return { ...session, account: null };
  }

  @Mutation(() => AuthPayload, {
    description:
      'Renews a sign-in: a new access token and a new refresh token (the one sent is used up), valid another 30 days or 12 hours as the ' +
      'sign-in was made. A refresh token used twice ends the whole sign-in, everywhere (UNAUTHENTICATED, extensions.reason REVOKED); an ' +
      'expired one is UNAUTHENTICATED with reason EXPIRED.',
  })
  async refreshSession(
    @Arg('refreshToken', () => String, { description: 'The refreshToken of the latest AuthPayload of this sign-in.' }) refreshToken: string,
    @Ctx() ctx: Context,
  ): Promise<AuthPayload> {
    const session = await ctx.services.auth.refresh(refreshToken.slice(0, 200), ctx.clientIp);
    const account = session.subjectType === 'SUBSCRIBER' ? await ctx.loaders.account.load(session.accountId ?? session.subjectId) : null;
    return { accessToken: session.accessToken, refreshToken: session.refreshToken, expiresAt: session.expiresAt, account };
  }

  @Mutation(() => Boolean, {
    description: "Signs out: ends the sign-in the refresh token belongs to, everywhere; its access tokens stop at once over HTTP and WebSocket. Always true.",
  })
  logout(
    @Arg('refreshToken', () => String, { description: "The sign-in's refresh token; an unknown one is ignored." }) refreshToken: string,
    @Ctx() ctx: Context,
  ): Promise<boolean> {
    return ctx.services.auth.logout(refreshToken.slice(0, 200));
  }

  @Mutation(() => Boolean, {
    description: 'Always answers true, in the same time, whether or not the account exists: the e-mail is sent after the answer.',
  })
  requestPasswordReset(
    @Arg('accountNumber', () => String, {
      description: "The account number (лицевой счёт). A registered account's e-mail gets a single-use link valid 1 hour («Забыли пароль»).",
    })
    accountNumber: string,
    @Ctx() ctx: Context,
  ): Promise<boolean> {
    return ctx.services.auth.requestPasswordReset(accountNumber, ctx.clientIp);
  }

  @Mutation(() => Boolean, {
    description:
      'Sets a new password from a reset link (INVALID_TOKEN when it is used, expired or made up; WEAK_PASSWORD). The link is used up and ' +
      "the account's other links cancelled; every sign-in and API token of the account ends; the subscriber is told by e-mail.",
  })
  resetPassword(
    @Arg('token', () => String, { description: 'The token of the reset link (…/reset?token=…).' }) token: string,
    @Arg('newPassword', () => String, {
      description: "8 to 128 characters with letters and digits, not a common password, without the account number or the subscriber's names.",
    })
    newPassword: string,
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
  passwordResetLinkValid(
    @Arg('token', () => String, { description: 'The token of the reset link (…/reset?token=…).' }) token: string,
    @Ctx() ctx: Context,
  ): Promise<boolean> {
    return ctx.services.auth.resetLinkValid(token.slice(0, 200), ctx.clientIp);
  }
}
