/** The operator's CSV uploads into the ledger: thin, the rules are in LedgerImportService. */
import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import { Access } from '../auth/access';
import { ApiScope } from '../common/enums';
import type { Context } from '../graphql/context';
import { RegistryImportReport } from './import-report.types';

@Resolver()
export class LedgerImportResolver {
  @Authorized(Access.staff(ApiScope.PAYMENTS_WRITE))
  @Mutation(() => RegistryImportReport, {
    description: "Staff or an OPERATOR token: loads a bank registry of payments (CSV, see README «Operator's CSV formats»). Each line is recorded once per external_id.",
  })
  importPaymentRegistry(
    @Arg('csv', () => String, { description: 'The file: external_id;account_number;amount;paid_on[;payer], UTF-8, at most 5 MB and 50 000 lines.' }) csv: string,
    @Ctx() ctx: Context,
  ): Promise<RegistryImportReport> {
    return ctx.services.ledgerImports.importPaymentRegistry(ctx.viewer, csv) as Promise<RegistryImportReport>;
  }

  @Authorized(Access.staff(ApiScope.CHARGES_WRITE))
  @Mutation(() => RegistryImportReport, {
    description: "Staff or an OPERATOR token: loads charges, recalculations and penalties from the billing system (CSV, see README «Operator's CSV formats»). Each line is recorded once per external_id.",
  })
  importCharges(
    @Arg('csv', () => String, { description: 'The file: external_id;account_number;period;kind;amount;description[;service;volume;tariff], UTF-8, at most 5 MB and 50 000 lines.' }) csv: string,
    @Ctx() ctx: Context,
  ): Promise<RegistryImportReport> {
    return ctx.services.ledgerImports.importCharges(ctx.viewer, csv) as Promise<RegistryImportReport>;
  }
}
