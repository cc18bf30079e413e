import type { Request } from 'express';
import type { Services } from '../services';
import type { Viewer } from './viewer';

/** The caller of a plain HTTP route, from the same Authorization header as the API. */
export function viewerOf(services: Services, req: Request): Promise<Viewer> {
  return services.viewers.fromAuthorization(req.headers.authorization);
}
