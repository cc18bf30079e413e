/** GraphQL types of API tokens beyond the entity itself. */
import { Field, ObjectType } from 'type-graphql';
import { ApiToken } from './api-token.entity';

@ObjectType({ simpleResolvers: true, description: 'A new API token: its secret, shown only in this answer, and its details.' })
export class CreatedApiToken {
  @Field({ description: 'Shown once; only its hash is stored.' })
  token: string;

  @Field(() => ApiToken, { description: 'The token as apiTokens lists it.' })
  apiToken: ApiToken;
}
