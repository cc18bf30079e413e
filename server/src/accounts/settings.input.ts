import { MaxLength } from 'class-validator';
import { Field, InputType } from 'type-graphql';

@InputType()
export class SettingsInput {
  @Field({ description: 'Required to save any change.' })
  @MaxLength(200, { message: 'Слишком длинный пароль.' })
  currentPassword: string;

  @Field(() => String, { nullable: true })
  @MaxLength(254, { message: 'e-mail не длиннее 254 символов.' })
  email?: string | null;

  @Field(() => String, { nullable: true })
  @MaxLength(40, { message: 'Номер телефона слишком длинный.' })
  phone?: string | null;

  @Field(() => Boolean, { nullable: true })
  receiptByEmail?: boolean | null;

  @Field(() => Boolean, { nullable: true })
  paperReceipt?: boolean | null;

  @Field(() => String, { nullable: true })
  @MaxLength(200, { message: 'Слишком длинный пароль.' })
  newPassword?: string | null;

  @Field(() => String, { nullable: true })
  @MaxLength(200, { message: 'Слишком длинный пароль.' })
  newPasswordRepeat?: string | null;
}
