/**
 * The TypeORM DataSource of the portal, for the TypeORM CLI:
 *   npm run typeorm -- migration:generate server/src/migrations/Name
 *   npm run typeorm -- migration:run
 * The app and the tests build theirs with the same createDataSource().
 */
import { config } from './server/src/config';
import { createDataSource } from './server/src/data-source';

export default createDataSource({ url: config().databaseUrl });
