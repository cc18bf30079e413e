import type { Viewer } from '../auth/viewer';
import type { Services } from '../services';
import type { Loaders } from './loaders';

/** What every resolver gets: who is calling, from where, the services and this request's DataLoaders. */
export interface Context {
  viewer: Viewer;
  clientIp: string;
  services: Services;
  loaders: Loaders;
}
