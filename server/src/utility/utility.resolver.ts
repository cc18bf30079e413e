import { Field, ObjectType, Query, Resolver } from 'type-graphql';
import { config } from '../config';

@ObjectType({ simpleResolvers: true, description: "The utility's contacts, from configuration (the «Контакты» page)." })
export class UtilityInfo {
  @Field({ description: "The utility's name (UTILITY_NAME), e.g. «АО «Апатитыводоканал»»." }) name: string;
  @Field({ description: "The utility's office address (UTILITY_ADDRESS), as text." }) address: string;
  @Field({ description: "The office's phone (UTILITY_PHONE), as it is written for people, e.g. +7 (81555) 6-11-00." }) phone: string;
  @Field({ description: 'The emergency dispatcher, around the clock.' }) dispatcherPhone: string;
  @Field({ description: "The utility's e-mail address (UTILITY_EMAIL)." }) email: string;
  @Field({ description: "The utility's website address (UTILITY_WEBSITE), e.g. https://apvod.ru." }) website: string;
  @Field({ description: 'Office hours as text, in Russian (UTILITY_HOURS), e.g. «пн–чт 8:00–17:00, пт 8:00–16:00, обед 12:00–13:00».' }) workingHours: string;
}

@Resolver()
export class UtilityResolver {
  @Query(() => UtilityInfo, { description: "The utility's contacts (no sign-in needed)." })
  utility(): UtilityInfo {
    return { ...config().utility };
  }
}
