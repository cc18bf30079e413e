import type { ActionResult, SubmitFunction } from '@sveltejs/kit';

/**
 * A form's "sending…" state for `use:enhance`: `busy` from the moment it is sent until the page shows
 * the answer, and the fields keep what the person typed (a refused form is corrected, not retyped).
 *
 *   const sending = new PendingForm();
 *   <form method="POST" use:enhance={sending.enhance()}> … <button disabled={sending.busy}>
 *
 * `then` runs once the page has the answer and the form is usable again (e.g. to move the focus to it).
 */
export class PendingForm {
  busy = $state(false);

  enhance(then?: (result: ActionResult) => void | Promise<void>): SubmitFunction {
    return () => {
      this.busy = true;
      return async ({ result, update }) => {
        try {
          await update({ reset: false });
        } finally {
          this.busy = false;
        }
        await then?.(result);
      };
    };
  }
}
