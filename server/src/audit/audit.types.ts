import { connectionTypes } from '../common/pagination';
import { AuditEntry } from './audit-entry.entity';

export const { Edge: AuditEntryEdge, Connection: AuditEntryConnection } = connectionTypes(AuditEntry, 'AuditEntry', 'audit log entries, newest first');
