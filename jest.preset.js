// Shared jest settings: TypeScript is transpiled by swc (fast, no type checking);
// `npm run typecheck` runs tsc over the same files, so types are still enforced.
const swc = (jsc) => ['@swc/jest', { jsc, module: { type: 'commonjs' } }];

// openid-client 6 and the libraries it is built on are ES modules only. Node 20 loads them from
// our CommonJS with import(), but jest's module loader cannot, so jest compiles them to CommonJS
// as it does our TypeScript, and compiles the API's build where it imports them, so that import()
// becomes require() (a test of another package that signs in to the admin runs that build).
const ESM_ONLY = ['openid-client', 'oauth4webapi', 'jose'];

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  // Most tests start real processes (Redis, the simulator, the services); on a 2-core machine busy
  // with other work a start alone can pass jest's default 5 s. A test that hangs still fails.
  testTimeout: 30_000,
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': swc({ parser: { syntax: 'typescript' }, target: 'es2022' }),
    [`/node_modules/(${ESM_ONLY.join('|')})/.+\\.js$`]: swc({ target: 'es2022' }),
    '/services/api/dist/admin/oidc-client\\.js$': swc({ target: 'es2022' }),
  },
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_ONLY.join('|')})/)`],
};
