import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { SettingsQuery, UpdateSettingsMutation } from '$lib/graphql';
import { toFormErrors } from '$lib/errors';
import { api, loadFromApi } from '$lib/server/api';
import { EMAIL, checked, phoneLooksValid, text } from '$lib/server/forms';

const FIELDS = ['email', 'phone', 'receiptByEmail', 'paperReceipt', 'newPassword', 'newPasswordRepeat', 'currentPassword'];

export const load = ((event) =>
  loadFromApi(event, async () => ({ settings: (await api(event).query(SettingsQuery)).me }))) satisfies PageServerLoad;

export const actions = {
  default: async (event) => {
    const form = await event.request.formData();
    const values = {
      email: text(form, 'email'),
      phone: text(form, 'phone'),
      receiptByEmail: checked(form, 'receiptByEmail'),
      paperReceipt: checked(form, 'paperReceipt'),
    };
    const password = (name: string) => (typeof form.get(name) === 'string' ? String(form.get(name)) : '');
    const newPassword = password('newPassword');
    const newPasswordRepeat = password('newPasswordRepeat');
    const currentPassword = password('currentPassword');

    const fieldErrors: Record<string, string> = {};
    if (!values.email) fieldErrors.email = 'Введите адрес электронной почты.';
    else if (!EMAIL.test(values.email)) fieldErrors.email = 'Проверьте адрес электронной почты, например ivan@poshta.ru.';
    if (values.phone && !phoneLooksValid(values.phone)) fieldErrors.phone = 'Проверьте номер телефона, например +7(911)123-4567.';
    if (values.receiptByEmail && !values.email) fieldErrors.receiptByEmail = 'Чтобы получать квитанцию на email, укажите адрес.';
    if (newPassword || newPasswordRepeat) {
      if (newPassword.length < 8) fieldErrors.newPassword = 'Новый пароль должен быть не короче 8 символов.';
      if (newPassword !== newPasswordRepeat) fieldErrors.newPasswordRepeat = 'Пароли не совпадают.';
    }
    if (!currentPassword) fieldErrors.currentPassword = 'Для сохранения изменений введите текущий пароль.';
    if (Object.keys(fieldErrors).length) return fail(400, { values, fieldErrors, formError: null, saved: false });

    try {
      await api(event).mutate(UpdateSettingsMutation, {
        input: {
          currentPassword,
          ...values,
          ...(newPassword ? { newPassword, newPasswordRepeat } : {}),
        },
      });
    } catch (err) {
      const { fieldErrors, formError } = toFormErrors(err, FIELDS);
      return fail(400, { values, fieldErrors, formError: formError ?? null, saved: false });
    }
    return { saved: true, passwordChanged: Boolean(newPassword) };
  },
} satisfies Actions;
