/** The audit log's GraphQL surface (staff only): thin, the rules are in AuditService. */
import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { Access } from '../auth/access';
import { ApiScope } from '../common/enums';
import { toConnection } from '../common/pagination';
import type { Context } from '../graphql/context';
import { AuditEntry } from './audit-entry.entity';
import type { AuditEntryView } from './audit.service';
import { AuditEntryConnection } from './audit.types';

const json = (value: unknown): string | null => (value === null || value === undefined ? null : JSON.stringify(value));

@Resolver(() => AuditEntry)
export class AuditResolver {
  @Authorized(Access.staff(ApiScope.AUDIT_READ))
  @Query(() => AuditEntryConnection, { description: 'Staff: the audit log of staff actions, newest first; optionally of one entity.' })
  async auditLog(
    @Arg('entityType', () => String, { nullable: true, description: 'Only entries about this kind of entity, e.g. "reading", "appeal", "ledger_entry".' }) entityType: string | null,
    @Arg('entityId', () => String, { nullable: true, description: 'Only entries about this entity (needs entityType).' }) entityId: string | null,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 1..100 (default 20).' }) first: number | null,
    @Arg('after', () => String, { nullable: true, description: 'endCursor of the previous page.' }) after: string | null,
    @Ctx() ctx: Context,
  ) {
    return toConnection(await ctx.services.audit.list({ entityType, entityId }, first, after));
  }

  @FieldResolver(() => String, { nullable: true, description: 'The values before the action, as a JSON string; null when the entity was created.' })
  beforeJson(@Root() entry: AuditEntry): string | null {
    return json(entry.before);
  }

  @FieldResolver(() => String, { nullable: true, description: 'The values after the action, as a JSON string.' })
  afterJson(@Root() entry: AuditEntry): string | null {
    return json(entry.after);
  }

  @FieldResolver(() => String, { nullable: true, description: 'Username of the staff member who did it; null for the system.' })
  staffUsername(@Root() entry: AuditEntryView): string | null {
    return entry.staffUsername ?? null;
  }

  @FieldResolver(() => ID, { nullable: true, description: 'The API token the action came with; null for a sign-in session.' })
  apiTokenId(@Root() entry: AuditEntry): string | null {
    return entry.apiTokenId === null || entry.apiTokenId === undefined ? null : String(entry.apiTokenId);
  }
}
