import { readFileSync } from 'node:fs';
import { CONFIG_SCHEMA, CONFIG_SCHEMA_PATH } from '../src';

describe('the published JSON schema', () => {
  it('is the one the definition writes, so editors check what Leadbridge checks', () => {
    const published: unknown = JSON.parse(readFileSync(CONFIG_SCHEMA_PATH, 'utf8'));

    // When this fails: npm run schema -w @leadbridge/config, and commit the file.
    expect(published).toEqual(CONFIG_SCHEMA);
  });
});
