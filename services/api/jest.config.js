const preset = require('../../jest.preset.js');

/** @type {import('jest').Config} */
module.exports = {
  ...preset,
  // Tests that measure time run apart, on a machine doing nothing else (jest.timing.config.js).
  testPathIgnorePatterns: ['/node_modules/', '\\.timing\\.test\\.ts$'],
  // One private redis-server for the whole run (never the user's Redis).
  globalSetup: require.resolve('@leadbridge/test-support/dist/redis-global-setup.js'),
  globalTeardown: require.resolve('@leadbridge/test-support/dist/redis-global-teardown.js'),
};
