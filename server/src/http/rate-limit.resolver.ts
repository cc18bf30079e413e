/**
 * The `rateLimit` query: the caller's request budget, the same numbers as the RateLimit-* headers of
 * every HTTP answer (rate-limit.ts), for clients that cannot read headers (a WebSocket, a
 * GraphQL client that hides them). It reads the caller's bucket without dripping into it: the request
 * that asks counted once, like any other, however many times it selects the field.
 */
import { Ctx, Field, Int, ObjectType, Query, Resolver } from 'type-graphql';
import { config } from '../config';
import type { Context } from '../graphql/context';
import { rateLimiterOf } from './rate-limit';

@ObjectType({ simpleResolvers: true, description: "The caller's request budget: a leaky bucket per signed-in user or API token, else per client address (RATE_LIMIT_*)." })
export class RateLimitStatus {
  @Field(() => Int, { description: 'How many requests the bucket holds: the burst allowed at once (RateLimit-Limit).' })
  limit: number;

  @Field(() => Int, { description: 'How many requests fit now, this one already counted (RateLimit-Remaining). At 0 the next one is answered RATE_LIMITED.' })
  remaining: number;

  @Field({ description: 'When the bucket has leaked empty and the whole burst is available again (now + RateLimit-Reset seconds).' })
  resetAt: Date;
}

@Resolver()
export class RateLimitResolver {
  @Query(() => RateLimitStatus, { description: "The caller's request budget (no sign-in needed); asking does not count beyond the request itself. With the limit off, the whole burst." })
  async rateLimit(@Ctx() ctx: Context): Promise<RateLimitStatus> {
    const burst = config().rateLimit.burst;
    const limiter = rateLimiterOf(ctx.services);
    const budget = limiter ? await limiter.status(ctx.viewer, ctx.clientIp) : { limit: burst, remaining: burst, resetSeconds: 0 };
    return { limit: budget.limit, remaining: budget.remaining, resetAt: new Date(Date.now() + budget.resetSeconds * 1000) };
  }
}
