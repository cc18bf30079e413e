/** Texts shared by the operators' pages (browser-safe). */
export const UNAVAILABLE = 'Раздел появится после обновления API';
