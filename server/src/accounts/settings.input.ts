import { MaxLength } from 'class-validator';
import { Field, InputType } from 'type-graphql';

@InputType({ description: '«Настройка кабинета»: what to change. A field left out or null stays as it is; currentPassword is always needed.' })
export class SettingsInput {
  @Field({ description: 'Required to save any change.' })
  @MaxLength(200, { message: 'Слишком длинный пароль.' })
  currentPassword: string;

  @Field(() => String, { nullable: true, description: 'A new e-mail, e.g. name@example.ru, up to 254 characters; the old address is told of the change.' })
  @MaxLength(254, { message: 'e-mail не длиннее 254 символов.' })
  email?: string | null;

  @Field(() => String, { nullable: true, description: '«Сотовый телефон»: a Russian number in any usual writing, e.g. +7(911)123-4567 or 8 911 123 45 67.' })
  @MaxLength(40, { message: 'Номер телефона слишком длинный.' })
  phone?: string | null;

  @Field(() => Boolean, { nullable: true, description: '«Присылать квитанцию на email»; true needs an e-mail (this one or the one saved).' })
  receiptByEmail?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: '«Присылать бумажную квитанцию».' })
  paperReceipt?: boolean | null;

  @Field(() => String, {
    nullable: true,
    description:
      'A new password: 8 to 128 characters with letters and digits, not a common one, without the account number or the subscriber\'s names ' +
      '(WEAK_PASSWORD otherwise). Ends every other sign-in and every API token of the account.',
  })
  @MaxLength(200, { message: 'Слишком длинный пароль.' })
  newPassword?: string | null;

  @Field(() => String, { nullable: true, description: 'The new password again (PASSWORD_MISMATCH when it differs).' })
  @MaxLength(200, { message: 'Слишком длинный пароль.' })
  newPasswordRepeat?: string | null;
}

@InputType({ description: "An account to add to the signed-in person's accounts, with its proof: one of activationCode or password." })
export class LinkAccountInput {
  @Field({ description: 'The account number (лицевой счёт) from its bill; spaces and dashes are ignored.' })
  @MaxLength(40, { message: 'Номер лицевого счёта слишком длинный.' })
  accountNumber: string;

  @Field(() => String, { nullable: true, description: 'For an account not yet registered: the activation code from its bill.' })
  @MaxLength(40, { message: 'Код активации слишком длинный.' })
  activationCode?: string | null;

  @Field(() => String, { nullable: true, description: 'For an account already registered: its password (its sign-in joins this one).' })
  @MaxLength(200, { message: 'Слишком длинный пароль.' })
  password?: string | null;
}
