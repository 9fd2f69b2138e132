import type { FaultUpdate } from './fault-settings';

/** A fault update that cannot be applied; the message names the field. */
export class FaultUpdateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FaultUpdateError';
  }
}

type Fields = Record<string, unknown>;

function isObject(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function number(
  fields: Fields,
  name: string,
  path: string,
  range: { min: number; max?: number; integer?: boolean },
): number | undefined {
  const value = fields[name];
  if (value === undefined) return undefined;
  const max = range.max ?? Number.MAX_SAFE_INTEGER;
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    value >= range.min &&
    value <= max &&
    (!range.integer || Number.isInteger(value));
  if (!ok) {
    const kind = range.integer ? 'a whole number' : 'a number';
    throw new FaultUpdateError(`${path}${name} must be ${kind} from ${range.min} to ${max}`);
  }
  return value;
}

function boolean(fields: Fields, name: string): boolean | undefined {
  const value = fields[name];
  if (value === undefined || typeof value === 'boolean') return value;
  throw new FaultUpdateError(`${name} must be true or false`);
}

function onlyKnown(fields: Fields, known: readonly string[], path: string): void {
  const unknown = Object.keys(fields).find((name) => !known.includes(name));
  if (unknown !== undefined) throw new FaultUpdateError(`unknown fault setting ${path}${unknown}`);
}

const STATUS = { min: 400, max: 599, integer: true };
const COUNT = { min: 0, integer: true };

function nested<T>(fields: Fields, name: string, read: (value: Fields) => T): T | null | undefined {
  const value = fields[name];
  if (value === undefined || value === null) return value;
  if (!isObject(value)) throw new FaultUpdateError(`${name} must be an object or null`);
  return read(value);
}

/**
 * Checks a fault update from the admin API or a test. Throws FaultUpdateError naming the first
 * wrong field, so a typo never silently means "no fault".
 */
export function parseFaultUpdate(input: unknown): FaultUpdate {
  if (!isObject(input)) throw new FaultUpdateError('the faults must be a JSON object');
  onlyKnown(
    input,
    [
      'latencyMs',
      'failureRate',
      'failureStatus',
      'outage',
      'throttle',
      'serviceProtection',
      'dropAfterWrite',
      'denyPrivilege',
      'appUserMissing',
      'pluginRefuses',
      'recordWriteMs',
      'createMultipleUnavailable',
    ],
    '',
  );
  const update: FaultUpdate = {};
  const assign = <K extends keyof FaultUpdate>(name: K, value: FaultUpdate[K] | undefined) => {
    if (value !== undefined) update[name] = value;
  };
  assign('latencyMs', number(input, 'latencyMs', '', { min: 0, max: 600_000, integer: true }));
  assign('failureRate', number(input, 'failureRate', '', { min: 0, max: 1 }));
  assign('failureStatus', number(input, 'failureStatus', '', STATUS));
  assign('dropAfterWrite', number(input, 'dropAfterWrite', '', COUNT));
  assign('denyPrivilege', boolean(input, 'denyPrivilege'));
  assign('appUserMissing', boolean(input, 'appUserMissing'));
  assign('pluginRefuses', boolean(input, 'pluginRefuses'));
  assign('recordWriteMs', number(input, 'recordWriteMs', '', { min: 0, max: 60_000 }));
  assign('createMultipleUnavailable', boolean(input, 'createMultipleUnavailable'));
  assign(
    'outage',
    nested(input, 'outage', (fields) => {
      onlyKnown(fields, ['status', 'untilMs', 'durationMs', 'remaining'], 'outage.');
      const outage: NonNullable<FaultUpdate['outage']> = {};
      const status = number(fields, 'status', 'outage.', STATUS);
      const untilMs = number(fields, 'untilMs', 'outage.', { min: 0, integer: true });
      const durationMs = number(fields, 'durationMs', 'outage.', { min: 0, integer: true });
      const remaining = number(fields, 'remaining', 'outage.', { min: 1, integer: true });
      if (status !== undefined) outage.status = status;
      if (untilMs !== undefined) outage.untilMs = untilMs;
      if (durationMs !== undefined) outage.durationMs = durationMs;
      if (remaining !== undefined) outage.remaining = remaining;
      return outage;
    }),
  );
  assign(
    'throttle',
    nested(input, 'throttle', (fields) => {
      onlyKnown(fields, ['retryAfterSeconds', 'remaining', 'asHttpDate'], 'throttle.');
      const retryAfterSeconds = number(fields, 'retryAfterSeconds', 'throttle.', {
        min: 0,
        integer: true,
      });
      const remaining = number(fields, 'remaining', 'throttle.', { min: 1, integer: true });
      if (retryAfterSeconds === undefined || remaining === undefined) {
        throw new FaultUpdateError('throttle needs retryAfterSeconds and remaining');
      }
      const asHttpDate = boolean(fields, 'asHttpDate');
      return { retryAfterSeconds, remaining, ...(asHttpDate ? { asHttpDate } : {}) };
    }),
  );
  assign(
    'serviceProtection',
    nested(input, 'serviceProtection', (fields) => {
      onlyKnown(
        fields,
        ['requests', 'windowSeconds', 'concurrent', 'executionMs'],
        'serviceProtection.',
      );
      const limits: NonNullable<FaultUpdate['serviceProtection']> = {};
      const requests = number(fields, 'requests', 'serviceProtection.', { min: 1, integer: true });
      const windowSeconds = number(fields, 'windowSeconds', 'serviceProtection.', {
        min: 1,
        integer: true,
      });
      const concurrent = number(fields, 'concurrent', 'serviceProtection.', {
        min: 1,
        integer: true,
      });
      const executionMs = number(fields, 'executionMs', 'serviceProtection.', {
        min: 1,
        integer: true,
      });
      if (requests !== undefined) limits.requests = requests;
      if (executionMs !== undefined) limits.executionMs = executionMs;
      if (windowSeconds !== undefined) limits.windowSeconds = windowSeconds;
      if (concurrent !== undefined) limits.concurrent = concurrent;
      return limits;
    }),
  );
  return update;
}
