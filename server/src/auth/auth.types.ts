import { MaxLength } from 'class-validator';
import { Field, InputType, ObjectType } from 'type-graphql';
import { Account } from '../accounts/account.entity';

const tooLong = (label: string, n: number) => ({ message: `Поле «${label}» не длиннее ${n} символов.` });

@InputType()
export class RegisterInput {
  @Field() @MaxLength(40, tooLong('Лицевой счёт', 40)) accountNumber: string;
  @Field() @MaxLength(100, tooLong('Фамилия', 100)) lastName: string;
  @Field() @MaxLength(100, tooLong('Имя', 100)) firstName: string;
  @Field(() => String, { nullable: true }) @MaxLength(100, tooLong('Отчество', 100)) middleName?: string | null;
  @Field() @MaxLength(254, tooLong('e-mail', 254)) email: string;
  @Field() @MaxLength(40, tooLong('Сотовый телефон', 40)) phone: string;
  @Field() @MaxLength(40, tooLong('Код активации', 40)) activationCode: string;
  @Field() acceptTerms: boolean;
}

@ObjectType({ simpleResolvers: true })
export class RegisterPayload {
  @Field() accountNumber: string;
  @Field({ description: 'The address the password was sent to, partly masked.' }) maskedEmail: string;
}

@ObjectType({ simpleResolvers: true })
export class AuthPayload {
  @Field() accessToken: string;
  @Field() refreshToken: string;
  @Field({ description: 'When accessToken stops being accepted.' }) expiresAt: Date;
  @Field(() => Account, { nullable: true, description: "The signed-in subscriber's account; null for staff." })
  account: Account | null;
}

@ObjectType({ description: 'A one-time ticket for the live-reply WebSocket: connect with connectionParams { ticket } within 60 seconds.' })
export class SubscriptionTicket {
  @Field({ description: 'Good for one WebSocket connection of this sign-in.' }) ticket: string;
  @Field({ description: 'When it stops being accepted.' }) expiresAt: Date;
}
