const preset = require('../../jest.preset.js');

// openid-client 6 and the libraries it is built on are ES modules only. Node 20 loads them from
// our CommonJS with import(), but jest's module loader cannot, so jest compiles them as it does
// our TypeScript.
const ESM_ONLY = ['openid-client', 'oauth4webapi', 'jose'];

/** @type {import('jest').Config} */
module.exports = {
  ...preset,
  transform: {
    ...preset.transform,
    [`/node_modules/(${ESM_ONLY.join('|')})/.+\\.js$`]: [
      '@swc/jest',
      { jsc: { target: 'es2022' }, module: { type: 'commonjs' } },
    ],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_ONLY.join('|')})/)`],
  // Tests that measure time run apart, on a machine doing nothing else (jest.timing.config.js).
  testPathIgnorePatterns: ['/node_modules/', '\\.timing\\.test\\.ts$'],
  // One private redis-server for the whole run (never the user's Redis).
  globalSetup: require.resolve('@leadbridge/test-support/dist/redis-global-setup.js'),
  globalTeardown: require.resolve('@leadbridge/test-support/dist/redis-global-teardown.js'),
};
