export { freePort } from './free-port';
export { LogCapture } from './log-capture';
export { startPrivateRedis, type PrivateRedis } from './redis-server';
export { testRedisUrl } from './test-redis-url';
export { documentedExample, partnerCenterTestLead } from './lead-fixtures';
