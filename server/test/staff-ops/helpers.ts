/** Shared bits of the staff-operations tests: the audit log query, tokens, ledger counts. */
import type { TestApi } from '../support/api';

export const AUDIT = `query($t: String, $i: String, $first: Int, $after: String) {
  auditLog(entityType: $t, entityId: $i, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes { id action entityType entityId beforeJson afterJson staffUsername apiTokenId createdAt }
  }
}`;

export interface AuditNode {
  id: string;
  action: string;
  entityType: string;
  entityId: string;
  beforeJson: string | null;
  afterJson: string | null;
  staffUsername: string | null;
  apiTokenId: string | null;
  createdAt: string;
}

export async function auditOf(t: TestApi, token: string, entityType: string, entityId?: string): Promise<AuditNode[]> {
  const res = await t.gql(AUDIT, { t: entityType, i: entityId ?? null, first: 100 }, token);
  if (!res.data?.auditLog) throw new Error(`auditLog failed: ${JSON.stringify(res.errors)}`);
  return res.data.auditLog.nodes;
}

export async function auditRowCount(t: TestApi): Promise<number> {
  const [{ n }] = await t.database.db.query('SELECT COUNT(*) AS n FROM audit_log');
  return Number(n);
}

export async function ledgerCount(t: TestApi): Promise<number> {
  const [{ n }] = await t.database.db.query('SELECT COUNT(*) AS n FROM ledger_entries');
  return Number(n);
}

/** The account's balance as staff see it through the API. */
export async function balanceOf(t: TestApi, staff: string, number: string): Promise<string> {
  const res = await t.gql(`query($n: String!) { account(number: $n) { balance } }`, { n: number }, staff);
  if (!res.data?.account) throw new Error(`account failed: ${JSON.stringify(res.errors)}`);
  return res.data.account.balance;
}

export async function operatorToken(t: TestApi, staff: string, name = 'Банк-клиент'): Promise<{ token: string; id: string }> {
  const res = await t.gql(`mutation($n: String!) { createApiToken(name: $n, scopes: [OPERATOR]) { token apiToken { id } } }`, { n: name }, staff);
  if (!res.data?.createApiToken) throw new Error(`createApiToken failed: ${JSON.stringify(res.errors)}`);
  return { token: res.data.createApiToken.token, id: res.data.createApiToken.apiToken.id };
}
