const preset = require('../../jest.preset.js');

/** @type {import('jest').Config} */
module.exports = {
  ...preset,
  // One private redis-server for the whole run (never the user's Redis).
  globalSetup: require.resolve('@leadbridge/test-support/dist/redis-global-setup.js'),
  globalTeardown: require.resolve('@leadbridge/test-support/dist/redis-global-teardown.js'),
  // The short run's files mostly wait (outages, failovers, settling), so two run at a time; each
  // starts its own processes on its own queues. The full-size run keeps one file at a time.
  maxWorkers: process.env.FAULT_SUITE === 'full' ? 1 : 2,
};
