/** Batched loads for appeals: one query per kind, whatever the number of appeals in a list. */
import DataLoader from 'dataloader';
import { In, type DataSource } from 'typeorm';
import { groupBy } from '../common/group-by';
import { AppealReply } from './appeal-reply.entity';
import { Appeal } from './appeal.entity';
import { UNREAD_REPLIES_FROM } from './appeal.service';
import { entityColumns, selectEntities } from '../db/hydrate';

export function createAppealLoaders(db: DataSource) {
  return {
    appeal: new DataLoader<number, Appeal | null>(async (ids) => {
      const rows = await db.getRepository(Appeal).findBy({ id: In([...ids]) });
      const byId = new Map(rows.map((r) => [r.id, r]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    /** An appeal's thread, oldest first. */
    repliesByAppeal: new DataLoader<number, AppealReply[]>(async (ids) => {
      const rows = await selectEntities(
        db,
        AppealReply,
        `SELECT ${entityColumns(db, AppealReply, 'r')} FROM appeal_replies r WHERE r.appeal_id IN (?) ORDER BY r.created_at, r.id`,
        [[...ids]],
      );
      const grouped = groupBy(rows, (r) => r.appealId);
      return ids.map((id) => grouped.get(id) ?? []);
    }),
    /** Operators' replies the subscriber has not read yet, per account. */
    unreadReplyCount: new DataLoader<number, number>(async (ids) => {
      const rows: { account_id: number; n: string }[] = await db.query(
        `SELECT a.account_id, COUNT(*) AS n ${UNREAD_REPLIES_FROM} AND a.account_id IN (?) GROUP BY a.account_id`,
        [[...ids]],
      );
      const byId = new Map(rows.map((r) => [Number(r.account_id), Number(r.n)]));
      return ids.map((id) => byId.get(id) ?? 0);
    }),
  };
}
