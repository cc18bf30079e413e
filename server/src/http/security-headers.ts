/**
 * The security headers of every API answer: nothing of it may be framed, sniffed as another type,
 * leak the address it came from, or use the browser's sensors; JSON and PDF answers run no script
 * at all (CSP `default-src 'none'`). The sandbox gateway's own page gets a policy that allows its
 * inline style and its form only; the development IDE (GraphiQL, http/graphiql.ts) the API's own
 * scripts and styles, nothing from another origin. HSTS when the API is served over HTTPS (PUBLIC_URL https://, or HSTS=true).
 * Personal answers are never stored by a browser or a proxy (Cache-Control: no-store).
 */
import type { NextFunction, Request, Response } from 'express';
import { config } from '../config';
import { GRAPHIQL_PATH } from './graphiql';

const STRICT_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
/** The sandbox card gateway's confirmation page: its inline <style> and its form posting to itself. */
export const SANDBOX_PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
/** GraphiQL: its scripts and styles from the API itself, its fonts inlined in its CSS, its requests to /graphql (HTTP and WebSocket). */
export const GRAPHIQL_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; font-src 'self' data:; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

export function securityHeaders() {
  const hsts = config().hsts;
  return (req: Request, res: Response, next: NextFunction): void => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=()');
    res.setHeader('Cross-Origin-Resource-Policy', 'same-site');
    if (hsts) res.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    // The development IDE's page runs the API's own scripts; every other answer runs none.
    const ide = !config().isProduction && req.path === GRAPHIQL_PATH;
    res.setHeader('Content-Security-Policy', ide ? GRAPHIQL_CSP : req.path.startsWith('/sandbox-gateway/') ? SANDBOX_PAGE_CSP : STRICT_CSP);
    // Everything but the health checks is per caller.
    if (req.path !== '/healthz' && req.path !== '/readyz') res.setHeader('Cache-Control', 'no-store');
    next();
  };
}
