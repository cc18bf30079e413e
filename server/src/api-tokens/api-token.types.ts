/** GraphQL types of API tokens beyond the entity itself. */
import { Field, ObjectType } from 'type-graphql';
import { ApiToken } from './api-token.entity';

@ObjectType({ simpleResolvers: true })
export class CreatedApiToken {
  @Field({ description: 'Shown once; only its hash is stored.' })
  token: string;

  @Field(() => ApiToken)
  apiToken: ApiToken;
}
