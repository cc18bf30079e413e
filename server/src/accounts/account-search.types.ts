import { connectionTypes } from '../common/pagination';
import { Account } from './account.entity';

export const { Edge: AccountEdge, Connection: AccountConnection } = connectionTypes(Account, 'Account', 'accounts');
