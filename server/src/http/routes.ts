/**
 * The API's plain HTTP routes beside /graphql (reports, payment documents, the card
 * gateway). Each feature exports a function that mounts its routes; list it here.
 */
import type { Express } from 'express';
import type { Services } from '../services';
import { mountLedgerReports } from '../ledger/ledger-reports';
import { mountPaymentRoutes } from '../payments/payment-routes';

export type RouteMount = (app: Express, services: Services) => void;

export const routeMounts: RouteMount[] = [mountLedgerReports, mountPaymentRoutes];
