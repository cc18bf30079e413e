/**
 * The security headers of every API answer: nothing of it may be framed, sniffed as another type,
 * leak the address it came from, or use the browser's sensors; JSON and PDF answers run no script
 * at all (CSP `default-src 'none'`). The sandbox gateway's own page gets a policy that allows its
 * inline style and its form only. HSTS when the API is served over HTTPS (PUBLIC_URL https://, or HSTS=true).
 * Personal answers are never stored by a browser or a proxy (Cache-Control: no-store).
 */
import type { NextFunction, Request, Response } from 'express';
import { config } from '../config';

const STRICT_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
/** The sandbox card gateway's confirmation page: its inline <style> and its form posting to itself. */
export const SANDBOX_PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

export function securityHeaders() {
  const hsts = config().hsts;
  return (req: Request, res: Response, next: NextFunction): void => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=()');
    res.setHeader('Cross-Origin-Resource-Policy', 'same-site');
    if (hsts) res.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    // The development IDE (Apollo's landing page on GET /graphql) loads its own scripts; every other answer runs none.
    const ide = !config().isProduction && req.method === 'GET' && req.path === '/graphql' && (req.headers.accept ?? '').includes('text/html');
    if (!ide) res.setHeader('Content-Security-Policy', req.path.startsWith('/sandbox-gateway/') ? SANDBOX_PAGE_CSP : STRICT_CSP);
    // Everything but the health checks is per caller.
    if (req.path !== '/healthz' && req.path !== '/readyz') res.setHeader('Cache-Control', 'no-store');
    next();
  };
}
