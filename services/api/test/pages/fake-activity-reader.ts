import type {
  LeadActivityReader,
  LeadFacets,
  LeadFilter,
  LeadPage,
  LeadPageRequest,
  LeadSummary,
  Overview,
  TimelineEvent,
} from '@leadbridge/lead-activity';

function matches(lead: LeadSummary, filter: LeadFilter): boolean {
  const received = Date.parse(lead.receivedAt);
  const testLeads = filter.testLeads ?? 'include';
  return (
    (!filter.state || lead.state === filter.state) &&
    (!filter.destination || lead.destinations.some((d) => d.name === filter.destination)) &&
    (!filter.offer || lead.offer === filter.offer) &&
    (!filter.actionCode || lead.actionCode === filter.actionCode) &&
    (testLeads === 'include' || lead.isTestLead === (testLeads === 'only')) &&
    (!filter.from || received >= filter.from.getTime()) &&
    (!filter.to || received < filter.to.getTime()) &&
    (!filter.ids || filter.ids.includes(lead.id))
  );
}

/**
 * The lead activity as the pages read it, in memory: what a test puts in is what the pages get,
 * and every `list` call is kept so a test can see which filter the page asked for.
 */
export class FakeActivityReader implements LeadActivityReader {
  readonly leads: LeadSummary[] = [];
  readonly timelines = new Map<string, TimelineEvent[]>();
  readonly listCalls: { filter: LeadFilter; page: LeadPageRequest }[] = [];
  overviewData: Overview = {
    days: [],
    byOffer: {},
    byAction: {},
    latency: [],
    failuresByReason: {},
  };
  overviewDays: number[] = [];

  add(...leads: LeadSummary[]): this {
    this.leads.push(...leads);
    return this;
  }

  async list(filter: LeadFilter, page: LeadPageRequest): Promise<LeadPage> {
    this.listCalls.push({ filter, page });
    const found = this.leads
      .filter((lead) => matches(lead, filter))
      .sort((a, b) => b.receivedAt.localeCompare(a.receivedAt));
    const start = (page.page - 1) * page.size;
    return { leads: found.slice(start, start + page.size), total: found.length };
  }

  async get(id: string): Promise<LeadSummary | undefined> {
    return this.leads.find((lead) => lead.id === id);
  }

  async timeline(id: string): Promise<TimelineEvent[]> {
    return this.timelines.get(id) ?? [];
  }

  async overview(days: number): Promise<Overview> {
    this.overviewDays.push(days);
    return this.overviewData;
  }

  async facets(): Promise<LeadFacets> {
    const unique = (values: (string | undefined)[]) =>
      [...new Set(values.filter((v): v is string => v !== undefined))].sort();
    return {
      offers: unique(this.leads.map((lead) => lead.offer)),
      destinations: unique(this.leads.flatMap((lead) => lead.destinations.map((d) => d.name))),
      actionCodes: unique(this.leads.map((lead) => lead.actionCode)),
    };
  }
}

/** A lead summary with plain defaults, for a test to change what it is about. */
export function summary(id: string, overrides: Partial<LeadSummary> = {}): LeadSummary {
  return {
    id,
    receivedAt: '2026-11-20T10:00:00.000Z',
    source: 'marketplace',
    offer: 'Test Microsoft',
    actionCode: 'INS',
    isTestLead: false,
    state: 'delivered',
    destinations: [{ name: 'dynamics', state: 'delivered', attempts: 1 }],
    ...overrides,
  };
}
