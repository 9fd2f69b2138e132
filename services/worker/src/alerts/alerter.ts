import type { Logger, RedisConnection } from '@leadbridge/service-kit';
import { incidentKey, sanitiseReason, type Alert } from './alert';
import type { AlertChannel } from './alert-channels';
import { describeAlert } from './alert-message';

export interface AlerterOptions {
  /** Shared by every worker process, so that one of them, not each, sends an incident's alert. */
  redis: RedisConnection;
  /** e.g. the BullMQ prefix; keys are `<keyPrefix>:alert:<incident key>`. */
  keyPrefix: string;
  channels: readonly AlertChannel[];
  /** After an incident's alert, how long its further alerts are held back. */
  quietMs: number;
  logger: Logger;
}

export interface Alerter {
  /**
   * Sends the alert on every channel, unless an alert of the same incident (see incidentKey) was
   * sent by any process within the quiet window. Channel failures are logged, not thrown; it
   * rejects only when Redis cannot be asked, and then sends nothing (the caller logs it).
   */
  raise(alert: Alert): Promise<'sent' | 'suppressed'>;
}

/** How long held-back alerts are still counted after the window, for the next alert to mention. */
const HELD_BACK_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * One round trip, atomic: the first SET NX of the window wins and takes the count of alerts held
 * back since the previous window; every other raise only adds to that count.
 */
const CLAIM_SCRIPT = `
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  local heldBack = tonumber(redis.call('GET', KEYS[2]) or '0')
  redis.call('DEL', KEYS[2])
  return heldBack
end
redis.call('INCR', KEYS[2])
redis.call('PEXPIRE', KEYS[2], ARGV[3])
return -1
`;

/** Identifiers come from Leadbridge itself, but an alert leaves the building: scrub them too. */
function clean(alert: Alert): Alert {
  return {
    ...alert,
    reason: sanitiseReason(alert.reason),
    ...(alert.destination === undefined ? {} : { destination: sanitiseReason(alert.destination) }),
    ...(alert.leadId === undefined ? {} : { leadId: sanitiseReason(alert.leadId) }),
    at: sanitiseReason(alert.at),
  };
}

/**
 * Tells operators about failures once per incident rather than once per lead. Suppression lives
 * in Redis (SET NX PX), so it holds across every worker process and restarts.
 */
export function createAlerter(options: AlerterOptions): Alerter {
  const { redis, logger, quietMs } = options;
  return {
    async raise(raised) {
      const alert = clean(raised);
      const incident = incidentKey(alert);
      const key = `${options.keyPrefix}:alert:${incident}`;
      const claimed = await redis.eval(
        CLAIM_SCRIPT,
        2,
        key,
        `${key}:held-back`,
        JSON.stringify(alert),
        String(quietMs),
        String(quietMs + HELD_BACK_TTL_MS),
      );
      const log = {
        incident,
        kind: alert.kind,
        destination: alert.destination,
        leadId: alert.leadId,
      };
      if (typeof claimed !== 'number' || claimed < 0) {
        logger.debug('alert held back: this incident was reported recently', log);
        return 'suppressed';
      }
      const message = describeAlert(alert, { heldBack: claimed, quietMs });
      const results = await Promise.allSettled(
        options.channels.map((channel) => channel.send(alert, message)),
      );
      const sentOn: string[] = [];
      results.forEach((result, index) => {
        const channel = options.channels[index]?.name ?? String(index);
        if (result.status === 'fulfilled') {
          sentOn.push(channel);
          return;
        }
        // Only the message: a channel's error object may hold its URL, which is a secret.
        const reason =
          result.reason instanceof Error ? result.reason.message : String(result.reason);
        logger.error('alert channel failed', { ...log, channel, reason: sanitiseReason(reason) });
      });
      logger.warn('alert raised', { ...log, heldBack: claimed, sentOn });
      return 'sent';
    },
  };
}
