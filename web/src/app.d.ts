// See https://svelte.dev/docs/kit/types#app.d.ts
declare global {
  interface Window {
    /** Puts back what was typed before the page's script started (static/keep-typed.js); the number of fields. */
    kabinetRestoreTyped?: () => number;
  }
  namespace App {
    interface Error {
      message: string;
    }
    interface Locals {
      /** A usable access JWT, or null when signed out. */
      accessToken: string | null;
      refreshToken: string | null;
      /** «Сохранить логин» was ticked at sign-in. */
      remember: boolean;
      /** The request is for the operators' area (/staff): the tokens above are the operator's. */
      staff: boolean;
      /** The operator's username (header), on /staff pages. */
      staffName: string | null;
    }
    // interface PageData {}
    // interface PageState {}
    // interface Platform {}
  }
}

export {};
