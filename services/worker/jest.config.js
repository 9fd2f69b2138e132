const preset = require('../../jest.preset.js');

/** @type {import('jest').Config} */
module.exports = {
  ...preset,
  // One private redis-server for the whole run (never the user's Redis).
  globalSetup: require.resolve('@leadbridge/test-support/dist/redis-global-setup.js'),
  globalTeardown: require.resolve('@leadbridge/test-support/dist/redis-global-teardown.js'),
  // Jest's default on two cores is one file at a time, but these files spend much of their time
  // waiting (retries, Retry-After pauses, child processes starting): two at a time overlap those
  // waits. Each test owns its queues and ports, so files never share state.
  maxWorkers: 2,
};
