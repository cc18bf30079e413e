/**
 * Закрытие месяца: the API says which month is next (months are closed in order, only once they are
 * over) and whether it can be closed now; the form closes exactly that month, after a confirmation step.
 *
 * A close runs in the API's background (startBillingClose answers at once): the action then sends the
 * browser to `?close=MONTH`, whose load shows the close's progress from `billingCloseStatus.inProgress`
 * (on every load: a reload mid-close shows it again, and without JavaScript the page reloads itself while
 * the close advances), and its result once that month is the last one closed. With JavaScript the page
 * follows Subscription.billingCloseProgress (a one-time ticket from POST /staff/ticket).
 */
import { redirect, type Cookies } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { BillingCloseStatusQuery, StartBillingCloseMutation } from '$lib/staff/operations';
import { api } from '$lib/server/api';
import { liveWsUrl } from '$lib/server/config';
import { text } from '$lib/server/forms';
import { CLOSE_STALL_SECONDS } from '$lib/staff/close';
import { failAction, loadStaff } from '$lib/staff/staff.server';

const PERIOD = /^\d{4}-(0[1-9]|1[0-2])$/;

/**
 * «Started (or resumed) from this browser at …»: until the resumed close commits its first batch, its progressAt
 * is the interrupted run's, and the page would call it interrupted again.
 */
const STARTED_COOKIE = 'kabinet_staff_close_started';

function startedHere(cookies: Cookies, period: string): number | null {
  const [p, at] = (cookies.get(STARTED_COOKIE) ?? '').split('@');
  return p === period && /^\d+$/.test(at ?? '') ? Number(at) : null;
}

export const load = ((event) =>
  loadStaff(event, async () => {
    const { billingCloseStatus: status } = await api(event).query(BillingCloseStatusQuery);
    const asked = event.url.searchParams.get('close');
    const running = status.inProgress;
    // Seconds since the close last showed a sign of life: its last batch (or its start), or a start from here.
    const quietSeconds = running
      ? Math.max(
          0,
          Math.round((Date.now() - Math.max(Date.parse(running.progressAt ?? running.startedAt), startedHere(event.cookies, running.period) ?? 0)) / 1000),
        )
      : null;
    return {
      status,
      /** The month this page started closing (`?close=`): its result is shown once it is closed. */
      closing: asked && PERIOD.test(asked) ? asked : null,
      quietSeconds,
      /** Where the live progress connects (graphql-ws in the browser, with a ticket from POST /staff/ticket). */
      wsUrl: liveWsUrl(event.url),
    };
  })) satisfies PageServerLoad;

export const actions = {
  /** The first step: ask to confirm. The month is the one the page offered (the API checks it when closing). */
  confirm: async (event) => {
    const period = text(await event.request.formData(), 'period');
    return { confirm: period };
  },
  /** «Да, закрыть месяц» and «Продолжить закрытие»: starts (or resumes) the close in the API's background. */
  close: async (event) => {
    const period = text(await event.request.formData(), 'period');
    let started;
    try {
      ({ startBillingClose: started } = await api(event).mutate(StartBillingCloseMutation, { period }));
    } catch (err) {
      return failAction(err, ['period'], { period });
    }
    // Closed already (by someone else meanwhile): what it did, as a close that ran here.
    if (started.status === 'CLOSED') return { result: started };
    event.cookies.set(STARTED_COOKIE, `${started.period}@${Date.now()}`, {
      path: '/staff/billing',
      httpOnly: true,
      sameSite: 'lax',
      secure: event.url.protocol === 'https:',
      maxAge: CLOSE_STALL_SECONDS,
    });
    redirect(303, `/staff/billing?close=${started.period}`);
  },
} satisfies Actions;
