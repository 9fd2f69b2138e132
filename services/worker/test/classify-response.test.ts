import type { AxiosResponse } from 'axios';
import { classifyFailure } from '../src/destinations/dataverse/classify-response';
import { retryAfterMs } from '../src/delivery/retry-after';
import { PermanentError, ThrottledError, TransientError } from '../src/delivery/delivery-errors';

function answer(
  status: number,
  body: unknown = {},
  headers: Record<string, string> = {},
): AxiosResponse {
  return { status, data: body, headers, statusText: '', config: {} as AxiosResponse['config'] };
}

describe('classifyFailure', () => {
  it('treats 429 with Retry-After as throttling for exactly that long', () => {
    const error = classifyFailure(
      answer(
        429,
        { error: { code: '0x80072322', message: 'Number of requests exceeded' } },
        { 'retry-after': '7' },
      ),
      'writing the lead',
    );

    expect(error).toBeInstanceOf(ThrottledError);
    expect((error as ThrottledError).retryAfterMs).toBe(7_000);
    expect(error.message).toBe(
      'writing the lead: Dataverse answered 429 (0x80072322): Number of requests exceeded',
    );
  });

  it('treats 429 without Retry-After as transient (exponential backoff)', () => {
    expect(classifyFailure(answer(429), 'x')).toBeInstanceOf(TransientError);
  });

  it.each([500, 502, 503, 504, 408, 401])('treats %i as transient', (status) => {
    expect(classifyFailure(answer(status), 'x')).toBeInstanceOf(TransientError);
  });

  it.each([400, 403, 404, 405, 413])(
    'treats %i as permanent, keeping Dataverse’s message',
    (status) => {
      const error = classifyFailure(
        answer(status, { error: { code: '', message: 'bad thing' } }),
        'x',
      );

      expect(error).toBeInstanceOf(PermanentError);
      expect((error as PermanentError).details).toEqual({ status });
      expect(error.message).toBe(`x: Dataverse answered ${status}: bad thing`);
    },
  );
});

describe('retryAfterMs', () => {
  it('reads seconds and HTTP dates', () => {
    expect(retryAfterMs('2')).toBe(2_000);
    expect(retryAfterMs('0.5')).toBe(500);
    expect(retryAfterMs(new Date(10_000).toUTCString(), 4_000)).toBe(6_000);
    expect(retryAfterMs(undefined)).toBeUndefined();
    expect(retryAfterMs('soon')).toBeUndefined();
  });
});
