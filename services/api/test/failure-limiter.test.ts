import { createFailureLimiter } from '../src/http/failure-limiter';

describe('the wrong-secret limiter', () => {
  it('lets 20 failures a minute through, then says how long to wait, then forgets', () => {
    const limiter = createFailureLimiter({});
    for (let n = 0; n < 20; n++) expect(limiter.fail('10.0.0.1', 1_000)).toBeUndefined();

    expect(limiter.fail('10.0.0.1', 16_000)).toBe(45);
    expect(limiter.fail('10.0.0.2', 16_000)).toBeUndefined();
    expect(limiter.fail('10.0.0.1', 61_000)).toBeUndefined();
  });

  it('tells an address over its limit how long to wait without counting another failure', () => {
    const limiter = createFailureLimiter({ maxFailures: 2 });
    limiter.fail('10.0.0.1', 0);
    limiter.fail('10.0.0.1', 0);

    expect(limiter.blockedFor('10.0.0.1', 1_000)).toBeUndefined();
    expect(limiter.fail('10.0.0.1', 1_000)).toBe(59);
    expect(limiter.blockedFor('10.0.0.1', 30_000)).toBe(30);
    expect(limiter.blockedFor('10.0.0.2', 30_000)).toBeUndefined();
    expect(limiter.blockedFor('10.0.0.1', 60_000)).toBeUndefined();
  });

  it('keeps at most maxAddresses addresses, forgetting the oldest', () => {
    const limiter = createFailureLimiter({ maxFailures: 1, maxAddresses: 2 });
    limiter.fail('a', 0);
    limiter.fail('b', 0);
    limiter.fail('c', 0); // forgets a

    expect(limiter.fail('a', 0)).toBeUndefined();
    expect(limiter.fail('c', 0)).toBe(60);
  });
});
