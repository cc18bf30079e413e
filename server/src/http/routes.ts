/**
 * The API's plain HTTP routes beside /graphql (reports, payment documents, the card
 * gateway). Each file of routes here exports a function that mounts them; list it here. The routes
 * live in http/ (not in their features), so that features never import the HTTP side (README, «Map of the code»).
 */
import type { Express } from 'express';
import type { Services } from '../services';
import { mountLedgerReports } from './ledger-reports';
import { mountPaymentRoutes } from './payment-routes';

export type RouteMount = (app: Express, services: Services) => void;

export const routeMounts: RouteMount[] = [mountLedgerReports, mountPaymentRoutes];
