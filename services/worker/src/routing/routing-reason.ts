import type { LeadJobData, MatchSpec } from '@leadbridge/lead-model';

type Matchable = { name: string; match?: MatchSpec };
type ListCriterion = 'offerId' | 'offerTitle' | 'source' | 'actionCode';

/** The criteria a match may set, in words, with the lead's own value (none of it personal). */
const CRITERIA: readonly {
  key: ListCriterion;
  words: string;
  value: (job: Pick<LeadJobData, 'lead' | 'origin'>) => string | undefined;
}[] = [
  { key: 'offerId', words: 'offer id', value: (job) => job.origin.offerId },
  { key: 'offerTitle', words: 'offer', value: (job) => job.lead.OfferTitle },
  { key: 'source', words: 'source', value: (job) => job.origin.source },
  { key: 'actionCode', words: 'action code', value: (job) => job.origin.actionCode },
];

// A reason is a line on the lead's page, not a copy of the configuration.
const MAX_REASON_LENGTH = 500;

function capped(text: string): string {
  return text.length > MAX_REASON_LENGTH ? `${text.slice(0, MAX_REASON_LENGTH - 1)}…` : text;
}

function either(values: readonly string[]): string {
  return values.length === 0 ? 'nothing' : values.join(' or ');
}

function testWords(testLead: boolean): string {
  return testLead ? 'test leads only' : 'real leads only';
}

/** What a destination's `match` takes, in words: "every lead", "action code INS or PLT, real leads only". */
export function matchWords(match: MatchSpec | undefined): string {
  const parts = CRITERIA.flatMap(({ key, words }) => {
    const list = match?.[key];
    return list === undefined ? [] : [`${words} ${either(list)}`];
  });
  if (match?.testLead !== undefined) parts.push(testWords(match.testLead));
  return parts.length === 0 ? 'every lead' : parts.join(', ');
}

/** Why the lead went where it went: each destination taken and the rule that took it. */
export function routedReason(targets: readonly Matchable[]): string {
  return capped(targets.map(({ name, match }) => `${name} takes ${matchWords(match)}`).join('; '));
}

/** Why no destination took the lead: for each, the first of its rules the lead does not meet. */
export function unmatchedReason(
  destinations: readonly Matchable[],
  job: Pick<LeadJobData, 'lead' | 'origin'>,
): string {
  if (destinations.length === 0) return 'no destination is configured';
  const refusals = destinations.map(({ name, match }) => {
    for (const { key, words, value } of CRITERIA) {
      const list = match?.[key];
      if (list === undefined) continue;
      const own = value(job)?.trim();
      const wanted = list.map((item) => item.trim().toLowerCase());
      if (own === undefined || !wanted.includes(own.toLowerCase())) {
        return `${name} wants ${words} ${either(list)} (this lead's: ${own ?? 'none'})`;
      }
    }
    if (match?.testLead !== undefined && match.testLead !== job.origin.isTestLead) {
      return `${name} takes ${testWords(match.testLead)}`;
    }
    return `${name} does not take it`;
  });
  return capped(`no destination takes this lead: ${refusals.join('; ')}`);
}
