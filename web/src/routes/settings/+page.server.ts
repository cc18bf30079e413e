import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { SettingsQuery, UpdateSettingsMutation } from '$lib/graphql';
import { toFormErrors } from '$lib/errors';
import { api, loadFromApi } from '$lib/server/api';
import { checked, text } from '$lib/server/forms';

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

    try {
      await api(event).mutate(UpdateSettingsMutation, {
        input: {
          currentPassword,
          ...values,
          ...(newPassword || newPasswordRepeat ? { newPassword, newPasswordRepeat } : {}),
        },
      });
    } catch (err) {
      const { fieldErrors, formError } = toFormErrors(err, FIELDS);
      return fail(400, { values, fieldErrors, formError: formError ?? null, saved: false });
    }
    return { saved: true, passwordChanged: Boolean(newPassword) };
  },
} satisfies Actions;
