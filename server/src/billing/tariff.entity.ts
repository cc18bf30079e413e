import { Field, ID, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { BillingService } from '../common/enums';
import { DateScalar, DecimalScalar, VolumeScalar } from '../common/scalars';

/** The price of a service per m³ and its norm per resident, in force from a date. */
@ObjectType({ simpleResolvers: true, description: 'The price of a service per m³ and its norm per resident per month, in force from validFrom.' })
@Entity('tariffs')
@Index('uq_tariffs_service_from', ['service', 'validFrom'], { unique: true })
export class Tariff {
  @Field(() => ID, { description: "The tariff's id." })
  @PrimaryGeneratedColumn({ unsigned: true })
  id: number;

  @Field(() => BillingService, { description: 'The service this price and norm are for.' })
  @Column({ type: 'enum', enum: BillingService })
  service: BillingService;

  @Field(() => DecimalScalar, { description: 'Rubles per m³.' })
  @Column({ name: 'price_per_m3', type: 'decimal', precision: 10, scale: 2 })
  pricePerM3: string;

  @Field(() => VolumeScalar, { description: 'm³ per resident per month, used when there are no readings (NORM).' })
  @Column({ name: 'norm_per_resident', type: 'decimal', precision: 8, scale: 3 })
  normPerResident: string;

  @Field(() => DateScalar, { description: 'The first day the tariff applies.' })
  @Column({ name: 'valid_from', type: 'date' })
  validFrom: string;

  @Field({ description: 'When the tariff was first entered.' })
  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;
}
