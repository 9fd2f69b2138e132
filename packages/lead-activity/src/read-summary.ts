import type { DeliveryState, DestinationSummary, LeadState, LeadSummary } from './activity-types';

/** The summary hash (see record-script.ts) as the contract's LeadSummary; undefined when empty. */
export function readSummary(id: string, hash: Record<string, string>): LeadSummary | undefined {
  if (hash.r === undefined) return undefined;
  const names = hash.dests ? hash.dests.split(',') : [];
  const destinations = names.map((name): DestinationSummary => {
    const field = (suffix: string) => hash[`d:${name}:${suffix}`];
    const url = field('url');
    const error = field('err');
    return {
      name,
      state: (field('st') ?? 'delivering') as DeliveryState,
      attempts: Number(field('n') ?? 0),
      ...(url !== undefined ? { recordUrl: url } : {}),
      ...(error !== undefined ? { lastError: error } : {}),
    };
  });
  return {
    id,
    receivedAt: hash.ra ?? new Date(Number(hash.r)).toISOString(),
    source: hash.src ?? 'marketplace',
    ...(hash.off !== undefined ? { offer: hash.off } : {}),
    ...(hash.act !== undefined ? { actionCode: hash.act } : {}),
    isTestLead: hash.test === '1',
    state: (hash.st ?? 'received') as LeadState,
    destinations,
  };
}
