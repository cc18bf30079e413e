/** GraphQL types of webhooks beyond the endpoint entity: the created endpoint with its secret, and the deliveries log. */
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { connectionTypes } from '../common/pagination';
import { WebhookEndpoint } from './webhook-endpoint.entity';
import { WebhookEvent } from '../common/enums';

@ObjectType({ simpleResolvers: true, description: 'A new webhook endpoint with its signing secret (shown only here, once).' })
export class CreatedWebhookEndpoint {
  @Field({ description: 'The signing secret (whsec_…): verify Kabinet-Signature with it. Shown once; only the API keeps it, encrypted.' })
  secret: string;

  @Field(() => WebhookEndpoint, { description: 'The endpoint created.' })
  endpoint: WebhookEndpoint;
}

@ObjectType('WebhookDelivery', { simpleResolvers: true, description: "One event's delivery to one endpoint, with its retries." })
export class WebhookDeliveryNode {
  @Field(() => ID, { description: "The delivery's id." })
  id: string;

  @Field(() => ID, { description: "The event's id (evt_…, the Kabinet-Webhook-Id header): the same in every retry, so a receiver can drop duplicates." })
  eventId: string;

  @Field(() => WebhookEvent, { description: 'What the event is about.' })
  event: WebhookEvent;

  @Field(() => Int, { description: 'Attempts made so far.' })
  attempts: number;

  @Field(() => Int, { nullable: true, description: 'HTTP status of the last attempt; null when no answer came (or not tried yet).' })
  lastStatus: number | null;

  @Field(() => String, { nullable: true, description: 'Why the last attempt failed (status and the start of the answer, a refused connection, a timeout…); null when delivered or not tried yet.' })
  lastError: string | null;

  @Field(() => Date, { nullable: true, description: 'When the last attempt was made.' })
  lastAttemptAt: Date | null;

  @Field(() => Date, { nullable: true, description: 'When it was delivered (a 2xx answer); null until then.' })
  deliveredAt: Date | null;

  @Field(() => Date, { nullable: true, description: 'When the next retry is due; null when delivered or given up.' })
  nextAttemptAt: Date | null;

  @Field(() => Date, { nullable: true, description: 'When it was given up (every attempt failed, or the endpoint was switched off or deleted); null otherwise.' })
  givenUpAt: Date | null;

  @Field({ description: 'When the event happened and the delivery was queued.' })
  createdAt: Date;
}

export const { Edge: WebhookDeliveryEdge, Connection: WebhookDeliveryConnection } = connectionTypes(WebhookDeliveryNode, 'WebhookDelivery', "an endpoint's deliveries");
export type WebhookDeliveryConnection = InstanceType<typeof WebhookDeliveryConnection>;
