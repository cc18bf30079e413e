import { Field, ObjectType, Query, Resolver } from 'type-graphql';
import { config } from '../config';

@ObjectType({ simpleResolvers: true, description: "The utility's contacts, from configuration (the «Контакты» page)." })
export class UtilityInfo {
  @Field() name: string;
  @Field() address: string;
  @Field() phone: string;
  @Field({ description: 'The emergency dispatcher, around the clock.' }) dispatcherPhone: string;
  @Field() email: string;
  @Field() website: string;
  @Field() workingHours: string;
}

@Resolver()
export class UtilityResolver {
  @Query(() => UtilityInfo, { description: "The utility's contacts (no sign-in needed)." })
  utility(): UtilityInfo {
    return { ...config().utility };
  }
}
