/** Webhooks' GraphQL surface: thin, the rules are in WebhookService (docs/WEBHOOKS.md). */
import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Access } from '../auth/access';
import { toConnection } from '../common/pagination';
import type { Context } from '../graphql/context';
import { WebhookEndpoint } from './webhook-endpoint.entity';
import { WebhookEvent } from '../common/enums';
import { CreatedWebhookEndpoint, WebhookDeliveryConnection } from './webhook.types';

@Resolver(() => WebhookEndpoint)
export class WebhookResolver {
  @Authorized(Access.signedIn())
  @Query(() => [WebhookEndpoint], {
    description:
      "The caller's webhook endpoints (a subscriber's, or a staff member's), newest first. An API token sees those of its owner that it " +
      'could have created (every event of the endpoint allowed by its scopes).',
  })
  webhookEndpoints(@Ctx() ctx: Context): Promise<WebhookEndpoint[]> {
    return ctx.services.webhooks.list(ctx.viewer);
  }

  @Authorized(Access.signedIn())
  @Mutation(() => CreatedWebhookEndpoint, {
    description:
      'Registers an https:// address (public; checked again at every delivery) to receive the chosen events, signed with the secret in the ' +
      "answer (shown once). A subscriber receives its own account's events, staff every account's events of a kind; an API token only " +
      'the kinds its scopes allow (FORBIDDEN with requiredScopes otherwise), and nothing more once it is revoked or expires. At most 10 ' +
      'endpoints per owner. BAD_USER_INPUT on `url` for an address that is not https://, carries credentials, is longer than 2048 ' +
      'characters, or resolves to a private, loopback or other internal address. See docs/WEBHOOKS.md.',
  })
  createWebhookEndpoint(
    @Arg('url', () => String, { description: 'The absolute https:// URL to POST the events to, at most 2048 characters, without user:password.' }) url: string,
    @Arg('events', () => [WebhookEvent], { description: 'The kinds of event to send there (at least one).' }) events: WebhookEvent[],
    @Ctx() ctx: Context,
  ): Promise<CreatedWebhookEndpoint> {
    return ctx.services.webhooks.create(ctx.viewer, url, events);
  }

  @Authorized(Access.signedIn())
  @Mutation(() => Boolean, {
    description:
      "Deletes one of the caller's endpoints (for an API token: one it sees in webhookEndpoints): nothing more is sent there, pending retries " +
      "are dropped. Another's or an unknown id: NOT_FOUND.",
  })
  deleteWebhookEndpoint(@Arg('id', () => ID, { description: "The endpoint's id." }) id: string, @Ctx() ctx: Context): Promise<boolean> {
    return ctx.services.webhooks.delete(ctx.viewer, id);
  }

  /** Reached only through the caller's own endpoints (webhookEndpoints, createWebhookEndpoint). */
  @Authorized(Access.signedIn())
  @FieldResolver(() => WebhookDeliveryConnection, { description: 'Deliveries to this endpoint, newest first, with their attempts and last answer.' })
  async deliveries(
    @Root() endpoint: WebhookEndpoint,
    @Arg('first', () => Int, { nullable: true, description: 'How many (default 20, at most 100).' }) first: number | null,
    @Arg('after', () => String, { nullable: true, description: 'The endCursor of the previous page.' }) after: string | null,
    @Ctx() ctx: Context,
  ): Promise<WebhookDeliveryConnection> {
    return toConnection(await ctx.services.webhooks.deliveries(endpoint.id, first, after));
  }
}
