import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { LinkAccountMutation, SettingsQuery, UnlinkAccountMutation, UpdateSettingsMutation } from '$lib/graphql';
import { isAccountNumber, withAccount } from '$lib/account';
import { toFormErrors } from '$lib/errors';
import { api, loadFromApi } from '$lib/server/api';
import { requestedAccount } from '$lib/server/account';
import { accountNumber, checked, text } from '$lib/server/forms';
import { clearSessionCookies } from '$lib/server/session';

const FIELDS = ['email', 'phone', 'receiptByEmail', 'paperReceipt', 'newPassword', 'newPasswordRepeat', 'currentPassword'];
/** «Добавить лицевой счёт»: the account and one of its proofs. */
const LINK_FIELDS = ['accountNumber', 'activationCode', 'password'];

export const load = ((event) =>
  loadFromApi(event, async () => {
    requestedAccount(event);
    const unlink = event.url.searchParams.get('unlink') ?? '';
    const unlinked = event.url.searchParams.get('unlinked') ?? '';
    return {
      // The settings are the person's, for every account they hold (#15).
      settings: (await api(event).query(SettingsQuery)).me,
      /** «Отвязать» was chosen for this account: the page asks to confirm (a link, so it works without JavaScript). */
      confirmUnlink: isAccountNumber(unlink) ? unlink : null,
      /** An account just unlinked (after the redirect of the `unlink` action). */
      unlinked: isAccountNumber(unlinked) ? unlinked : null,
    };
  })) satisfies PageServerLoad;

export const actions = {
  /** «ИЗМЕНИТЬ ИНФОРМАЦИЮ»: contacts, receipts and the password, with the current password. */
  save: async (event) => {
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

  /**
   * «Добавить лицевой счёт» (#15): the account number with the activation code from its bill, or the password
   * of the sign-in that holds it. One call; the API's refusals next to their fields (a wrong number, code or
   * password is one message, at the number).
   */
  link: async (event) => {
    const form = await event.request.formData();
    const values = { accountNumber: accountNumber(text(form, 'accountNumber')), activationCode: text(form, 'activationCode') };
    const password = typeof form.get('password') === 'string' ? String(form.get('password')) : '';
    try {
      const { linkAccount } = await api(event).mutate(LinkAccountMutation, {
        input: {
          accountNumber: values.accountNumber,
          ...(values.activationCode ? { activationCode: values.activationCode } : {}),
          ...(password ? { password } : {}),
        },
      });
      return { linked: { number: linkAccount.number, address: linkAccount.address } };
    } catch (err) {
      const { fieldErrors, formError } = toFormErrors(err, LINK_FIELDS);
      return fail(400, { link: values, linkErrors: fieldErrors, linkError: formError ?? null });
    }
  },

  /**
   * «Да, отвязать» (after «Отвязать» asked to confirm): one call. The account leaves the person's accounts; the
   * sign-ins opened with it end — when it is the one signed in with, this one too: then back to the sign-in.
   */
  unlink: async (event) => {
    const form = await event.request.formData();
    const number = accountNumber(text(form, 'accountNumber'));
    // The page says which account the person signed in with: after unlinking it, this sign-in is over.
    const signedInWithIt = text(form, 'signedIn') === number;
    try {
      await api(event).mutate(UnlinkAccountMutation, { accountNumber: number });
    } catch (err) {
      const { fieldErrors, formError } = toFormErrors(err, ['accountNumber']);
      return fail(400, { unlink: number, unlinkError: fieldErrors.accountNumber ?? formError ?? null });
    }
    if (signedInWithIt) {
      clearSessionCookies(event);
      redirect(303, `/login?unlinked=${number}`);
    }
    const selected = requestedAccount(event);
    redirect(303, withAccount(`/settings?unlinked=${number}`, selected === number ? null : selected));
  },
} satisfies Actions;
