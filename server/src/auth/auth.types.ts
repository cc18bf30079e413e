import { MaxLength } from 'class-validator';
import { Field, InputType, ObjectType } from 'type-graphql';
import { Account } from '../accounts/account.entity';

const tooLong = (label: string, n: number) => ({ message: `Поле «${label}» не длиннее ${n} символов.` });

@InputType({
  description:
    'The registration form. The account must be loaded by the utility; a wrong account number or activation code is ACTIVATION_FAILED (the same ' +
    'for both), an account already registered ALREADY_REGISTERED.',
})
export class RegisterInput {
  @Field({ description: '«Лицевой счёт» from the bill, 8–20 digits; spaces and dashes are ignored.' })
  @MaxLength(40, tooLong('Лицевой счёт', 40))
  accountNumber: string;

  @Field({ description: '«Фамилия», up to 100 characters.' }) @MaxLength(100, tooLong('Фамилия', 100)) lastName: string;
  @Field({ description: '«Имя», up to 100 characters.' }) @MaxLength(100, tooLong('Имя', 100)) firstName: string;
  @Field(() => String, { nullable: true, description: '«Отчество», up to 100 characters; omitted or empty when there is none.' })
  @MaxLength(100, tooLong('Отчество', 100))
  middleName?: string | null;

  @Field({ description: 'Where the generated password is sent, e.g. name@example.ru, up to 254 characters.' })
  @MaxLength(254, tooLong('e-mail', 254))
  email: string;

  @Field({ description: '«Сотовый телефон»: a Russian number in any usual writing, e.g. +7(911)123-4567; stored as +7 and 10 digits.' })
  @MaxLength(40, tooLong('Сотовый телефон', 40))
  phone: string;

  @Field({ description: '«Код активации» from the bill: 12 digits, e.g. 1234-5678-9101; dashes and spaces are optional.' })
  @MaxLength(40, tooLong('Код активации', 40))
  activationCode: string;

  @Field({ description: '«Согласен с условиями»: must be true (TERMS_NOT_ACCEPTED otherwise); when, and which version (TERMS_VERSION), are stored.' })
  acceptTerms: boolean;
}

@ObjectType({
  simpleResolvers: true,
  description: 'A registration done: the password is on its way by e-mail («Регистрация прошла успешно. Пароль будет выслан на почту»).',
})
export class RegisterPayload {
  @Field({ description: 'The account registered, digits only: the login to sign in with.' }) accountNumber: string;
  @Field({ description: 'The address the password was sent to, partly masked.' }) maskedEmail: string;
}

@ObjectType({ simpleResolvers: true, description: 'A sign-in: the token to call the API with, and the one to renew it.' })
export class AuthPayload {
  @Field({
    description:
      'Send it as Authorization: Bearer <accessToken> over HTTP, or in connection_init over WebSocket. A JWT valid until expiresAt ' +
      '(ACCESS_TOKEN_TTL, 15 minutes by default); renew it with refreshSession.',
  })
  accessToken: string;

  @Field({
    description:
      'Renews the sign-in with refreshSession, once (kr_…): 30 days with login(remember: true), 12 hours otherwise. Keep it secret; only its hash is stored.',
  })
  refreshToken: string;
  @Field({ description: 'When accessToken stops being accepted.' }) expiresAt: Date;
  @Field(() => Account, { nullable: true, description: "The signed-in subscriber's account; null for staff." })
  account: Account | null;
}

@ObjectType({ description: 'A one-time ticket for the live-reply WebSocket: connect with connectionParams { ticket } within 60 seconds.' })
export class SubscriptionTicket {
  @Field({ description: 'Good for one WebSocket connection of this sign-in.' }) ticket: string;
  @Field({ description: 'When it stops being accepted.' }) expiresAt: Date;
}
