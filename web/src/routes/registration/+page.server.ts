import { fail } from '@sveltejs/kit';
import type { Actions } from './$types';
import { RegisterMutation } from '$lib/graphql';
import { toFormErrors } from '$lib/errors';
import { api } from '$lib/server/api';
import { ACCOUNT_NUMBER, EMAIL, accountNumber, checked, phoneLooksValid, text } from '$lib/server/forms';

const FIELDS = ['accountNumber', 'lastName', 'firstName', 'middleName', 'email', 'phone', 'activationCode', 'acceptTerms'] as const;

export const actions = {
  default: async (event) => {
    const form = await event.request.formData();
    const values = {
      accountNumber: accountNumber(text(form, 'accountNumber')),
      lastName: text(form, 'lastName'),
      firstName: text(form, 'firstName'),
      middleName: text(form, 'middleName'),
      email: text(form, 'email'),
      phone: text(form, 'phone'),
      activationCode: text(form, 'activationCode'),
      acceptTerms: checked(form, 'acceptTerms'),
    };

    const fieldErrors: Record<string, string> = {};
    if (!values.accountNumber) fieldErrors.accountNumber = 'Введите номер лицевого счета из квитанции.';
    else if (!ACCOUNT_NUMBER.test(values.accountNumber)) fieldErrors.accountNumber = 'Номер лицевого счета — от 8 до 20 цифр, как в квитанции.';
    if (!values.lastName) fieldErrors.lastName = 'Введите фамилию.';
    if (!values.firstName) fieldErrors.firstName = 'Введите имя.';
    if (!values.middleName) fieldErrors.middleName = 'Введите отчество.';
    if (!values.email) fieldErrors.email = 'Введите адрес электронной почты: на него придёт пароль.';
    else if (!EMAIL.test(values.email)) fieldErrors.email = 'Проверьте адрес электронной почты, например ivan@poshta.ru.';
    if (!values.phone) fieldErrors.phone = 'Введите номер сотового телефона.';
    else if (!phoneLooksValid(values.phone)) fieldErrors.phone = 'Проверьте номер телефона, например +7(911)123-4567.';
    const codeDigits = values.activationCode.replace(/[\s-]/g, '');
    if (!values.activationCode) fieldErrors.activationCode = 'Введите код активации из квитанции.';
    else if (!/^\d{12}$/.test(codeDigits)) fieldErrors.activationCode = 'Код активации — 12 цифр, например 1234-5678-9101.';
    if (!values.acceptTerms) fieldErrors.acceptTerms = 'Чтобы зарегистрироваться, подтвердите согласие с условиями.';
    if (Object.keys(fieldErrors).length) return fail(400, { values, fieldErrors, formError: null, success: false as const });

    try {
      const { register } = await api(event).mutate(RegisterMutation, {
        input: { ...values, middleName: values.middleName || null },
      });
      return { success: true as const, maskedEmail: register.maskedEmail, accountNumber: register.accountNumber };
    } catch (err) {
      const { fieldErrors, formError } = toFormErrors(err, FIELDS);
      return fail(400, { values, fieldErrors, formError: formError ?? null, success: false as const });
    }
  },
} satisfies Actions;
