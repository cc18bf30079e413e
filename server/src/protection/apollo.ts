/**
 * The query limits on the HTTP path (Apollo Server): the token limit at parse
 * time, the document limits as a validation rule, and the cost — which depends on
 * the request's variables, while Apollo caches validated documents — in a plugin
 * once the operation is known. Accepted operations report their cost in
 * `extensions.cost` ({ requested, limit }).
 */
import type { ApolloServerPlugin, GraphQLRequestContext } from '@apollo/server';
import type { ParseOptions, ValidationRule } from 'graphql';
import { checkCost, queryLimitsRule, type QueryLimits } from './query-limits';

export function apolloLimitOptions(limits: QueryLimits): { parseOptions: ParseOptions; validationRules: ValidationRule[] } {
  return { parseOptions: { maxTokens: limits.maxTokens }, validationRules: [queryLimitsRule(limits)] };
}

export function queryCostPlugin<TContext extends object>(limits: QueryLimits): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      let cost: number | null = null;
      let refused = false;
      return {
        async didResolveOperation(rc: GraphQLRequestContext<TContext>) {
          const checked = checkCost(rc.schema, rc.document!, rc.operationName ?? rc.request.operationName, rc.request.variables, limits);
          if (checked.error) {
            refused = true;
            throw checked.error;
          }
          cost = checked.cost;
        },
        async willSendResponse(rc: GraphQLRequestContext<TContext>) {
          const body = rc.response.body;
          if (!body || body.kind !== 'single') return;
          const result = body.singleResult;
          // Apollo answers an error thrown before execution with 500 unless told otherwise: it is the client's request.
          if (refused) rc.response.http.status = 400;
          if (cost !== null) result.extensions = { ...result.extensions, cost: { requested: cost, limit: limits.maxCost } };
        },
      };
    },
  };
}
