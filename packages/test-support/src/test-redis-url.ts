/** The private Redis the jest global setup started; tests never touch the user's Redis. */
export function testRedisUrl(): string {
  const url = process.env.TEST_REDIS_URL;
  if (!url)
    throw new Error('TEST_REDIS_URL is not set: run tests through jest with the global setup');
  return url;
}
