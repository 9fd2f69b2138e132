import { DEFAULT_RETRY_SCHEDULE, nextRetryDelay } from '../src';

const noJitter = () => 0;

describe('the retry schedule for transient failures', () => {
  it('doubles the delay from 2 s and caps it at 15 minutes', () => {
    const delays = [1, 2, 3, 4, 12, 40].map((n) =>
      nextRetryDelay(n, DEFAULT_RETRY_SCHEDULE, noJitter),
    );

    expect(delays).toEqual([2_000, 4_000, 8_000, 16_000, 900_000, 900_000]);
  });

  it('keeps retrying for at least 24 hours by default, then stops (-1)', () => {
    let waited = 0;
    let failures = 0;
    for (;;) {
      const delay = nextRetryDelay(++failures, DEFAULT_RETRY_SCHEDULE, noJitter);
      if (delay === -1) break;
      waited += delay;
    }

    expect(waited).toBeGreaterThanOrEqual(24 * 60 * 60 * 1000 - 15 * 60 * 1000);
    expect(waited).toBeLessThanOrEqual(24 * 60 * 60 * 1000);
    expect(failures).toBeLessThan(120);
  });

  it('only ever lengthens a delay with jitter, by at most a quarter', () => {
    expect(nextRetryDelay(3, DEFAULT_RETRY_SCHEDULE, () => 0.999)).toBe(9_998);
    expect(nextRetryDelay(3, DEFAULT_RETRY_SCHEDULE, () => 0)).toBe(8_000);
  });

  it('gives up at the first failure when the window is zero', () => {
    expect(nextRetryDelay(1, { ...DEFAULT_RETRY_SCHEDULE, windowMs: 0 })).toBe(-1);
  });
});
