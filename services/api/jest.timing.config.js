const base = require('./jest.config.js');

/**
 * The tests that compare latencies: run by `npm test` once every other suite is done, since the
 * other packages' tests running beside them would be measured too.
 * @type {import('jest').Config}
 */
module.exports = {
  ...base,
  testMatch: ['**/*.timing.test.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
};
