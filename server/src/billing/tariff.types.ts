import { Field, InputType } from 'type-graphql';
import { BillingService } from '../common/enums';
import { DateScalar, DecimalScalar, VolumeScalar } from '../common/scalars';

@InputType({ description: "A service's price and norm from a date. The same service and date again updates that tariff." })
export class SetTariffInput {
  @Field(() => BillingService, { description: 'The service priced.' })
  service: BillingService;

  @Field(() => DecimalScalar, { description: 'Rubles per m³, more than zero, at most two fraction digits, e.g. "45.12".' })
  pricePerM3: string;

  @Field(() => VolumeScalar, { description: 'm³ per resident per month for charges by norm, e.g. "4.9"; zero allowed.' })
  normPerResident: string;

  @Field(() => DateScalar, { description: 'The first day of the month from which the tariff applies, e.g. "2026-07-01".' })
  validFrom: string;
}
