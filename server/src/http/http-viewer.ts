import type { Request } from 'express';
import type { Services } from '../services';
import type { Viewer } from '../auth/viewer';

/**
 * The caller of a plain HTTP route, from the same Authorization header as the API. The rate-limit
 * middleware in front of /reports and /documents has already found it (res.locals.viewer): reused, so
 * an API token is not looked up twice.
 */
export function viewerOf(services: Services, req: Request): Promise<Viewer> {
  const found = req.res?.locals.viewer as Viewer | undefined;
  return found ? Promise.resolve(found) : services.viewers.fromAuthorization(req.headers.authorization);
}
