import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { loadConfig } from '@herald/shared-kernel';
import { captureLogs } from '../../../../test/e2e/support/log-capture';
import { createApiApp } from '../api.bootstrap';
import { SCHEMA_FILE } from '../infrastructure/graphql.module';
import { printSchemaFile } from './schema-file';

const SCHEMA_PATH = path.resolve(__dirname, '../../../..', SCHEMA_FILE);

/**
 * The committed apps/api/schema.gql is the API's contract under review: it must be what the
 * code serves. Regenerate it with `HERALD_WRITE_SCHEMA=1 npx jest apps/api/src/graphql/schema-drift`
 * (or by running `npm start`), then review and commit the diff.
 */
describe('apps/api/schema.gql', () => {
  it('matches the schema the code serves', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'herald-schema-'));
    const app = await createApiApp(loadConfig({ HERALD_DATA_DIR: dataDir }), {
      logDestination: captureLogs().destination,
    });
    try {
      await app.init();
      const served = printSchemaFile(app.get(GraphQLSchemaHost).schema);
      if (process.env.HERALD_WRITE_SCHEMA === '1') writeFileSync(SCHEMA_PATH, served);
      expect(readFileSync(SCHEMA_PATH, 'utf8')).toBe(served);
    } finally {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
