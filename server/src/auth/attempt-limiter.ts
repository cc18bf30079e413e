/**
 * The limits of the sign-in, registration and reset flows: failed attempts per key
 * (an account, a staff username) and per client address in a sliding window. Past
 * the limit the key is refused until the window frees up, so a lockout always ends
 * by itself: nobody can lock a subscriber out for ever. They are counted in the
 * shared limit store (Redis when configured), see ../protection/attempts.ts.
 */
export interface LimitRule {
  max: number;
  windowSeconds: number;
}

/** The limits of the sign-in, registration and reset flows. */
export const limits = {
  loginPerAccount: { max: 5, windowSeconds: 15 * 60 },
  loginPerAddress: { max: 30, windowSeconds: 15 * 60 },
  registerPerAccount: { max: 5, windowSeconds: 15 * 60 },
  registerPerAddress: { max: 20, windowSeconds: 15 * 60 },
  resetPerAccount: { max: 3, windowSeconds: 60 * 60 },
  resetPerAddress: { max: 20, windowSeconds: 60 * 60 },
} satisfies Record<string, LimitRule>;
