import { startSimulator, type Simulator } from '@leadbridge/dataverse-simulator';
import { compileMapping, type MappingSpec } from '@leadbridge/lead-model/mapping';
import { checkDepsFor } from '../src/destinations/dataverse/check/check-deps';
import type { CheckReport, MappingFinding } from '../src/destinations/dataverse/check/check-report';
import { formatReport } from '../src/destinations/dataverse/check/format-report';
import { runCheck } from '../src/destinations/dataverse/check/run-check';
import { readWorkerConfig } from '../src/config';
import { readLeadAttributes } from '../src/destinations/dataverse/org-setup-reads';

// The check with a mapping, against a simulated org that has two custom lead columns.
jest.setTimeout(30_000);

const CAMPAIGN_ID = '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d';
const TRIAL = 100000000;
const PURCHASE = 100000001;

let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({
    customColumns: [
      { logicalName: 'new_offertitle', type: 'String', maxLength: 100 },
      {
        logicalName: 'new_actioncode',
        type: 'Picklist',
        options: [
          { value: TRIAL, label: 'Trial' },
          { value: PURCHASE, label: 'Purchase' },
        ],
      },
    ],
  });
});
afterAll(async () => {
  await sim.close();
});

/** Runs the check for a mapping compiled as the worker compiles it, trusting the simulator's CA. */
function deps() {
  const config = readWorkerConfig({ ...sim.env(), DATAVERSE_TIMEOUT_MS: '5000' });
  return checkDepsFor(config, { ca: sim.caCertPem });
}

async function checkMapping(
  spec: MappingSpec,
  columnLengths: Record<string, number> = {},
): Promise<CheckReport> {
  const { mapping, problems } = compileMapping(spec, { columnLengths });
  expect(problems).toEqual([]);
  return runCheck(deps(), {
    mapping,
    destination: 'contoso-sales',
  });
}

function findingFor(report: CheckReport, column: string): MappingFinding {
  const finding = report.mapping?.find((candidate) => candidate.column === column);
  if (!finding) throw new Error(`no finding for ${column}`);
  return finding;
}

function columnsStep(report: CheckReport) {
  return report.steps.find((step) => step.name === 'columns');
}

const GOOD_MAPPING: MappingSpec = {
  new_offertitle: 'OfferTitle',
  new_actioncode: { choice: { field: 'ActionCode', values: { INS: TRIAL, PRI: PURCHASE } } },
  leadsourcecode: 8,
  campaignid: { lookup: 'campaigns', id: CAMPAIGN_ID },
  donotemail: true,
};

describe("reading the org's lead columns", () => {
  it('gives each column its type, create flag, length, lookup targets and choice options', async () => {
    const attributes = await readLeadAttributes(deps().dataverse);

    expect(attributes.get('new_offertitle')).toEqual({
      type: 'String',
      maxLength: 100,
      isValidForCreate: true,
    });
    expect(attributes.get('description')).toEqual({
      type: 'Memo',
      maxLength: 2000,
      isValidForCreate: true,
    });
    expect(attributes.get('new_actioncode')).toEqual({
      type: 'Picklist',
      isValidForCreate: true,
      options: [TRIAL, PURCHASE],
    });
    expect(attributes.get('campaignid')).toEqual({
      type: 'Lookup',
      isValidForCreate: true,
      targets: ['campaign'],
    });
    expect(attributes.get('statecode')).toEqual({
      type: 'State',
      isValidForCreate: false,
      options: [0, 1, 2],
    });
    expect(attributes.get('statuscode')?.options).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(attributes.get('fullname')?.isValidForCreate).toBe(false);
  });
});

describe('the check with a mapping', () => {
  it('passes when every mapped column exists, takes its value and is long enough', async () => {
    const report = await checkMapping(GOOD_MAPPING, { new_offertitle: 100 });

    expect(report.passed).toBe(true);
    expect(report.destination).toBe('contoso-sales');
    expect(columnsStep(report)).toEqual({
      name: 'columns',
      status: 'passed',
      detail: "all 14 mapped columns fit this org's lead table",
    });
    expect(report.mapping?.every((finding) => finding.status === 'ok')).toBe(true);
    // Without a mapping the report lists the default columns' lengths; with one, the mapping.
    expect(report.columns).toBeUndefined();
    expect(findingFor(report, 'new_actioncode')).toMatchObject({
      orgType: 'Picklist',
      explanation: `a Picklist (choice) column with options ${TRIAL}, ${PURCHASE}`,
    });

    const text = formatReport(report);
    expect(text).toContain('  Destination      contoso-sales\n');
    expect(text).toContain(
      "✓ Columns          all 14 mapped columns fit this org's lead table\n" +
        '                   ✓ subject ← field Topic: a String column of 300 characters; Leadbridge sends up to 300\n',
    );
    expect(text).toContain(
      '                   ✓ new_offertitle ← field OfferTitle: a String column of 100 characters; Leadbridge sends up to 100\n',
    );
    expect(text.trimEnd().split('\n').at(-1)).toBe('All checks passed.');
  });

  it('names the column the org lacks and the custom column it most likely means', async () => {
    const report = await checkMapping({ offertitle: 'OfferTitle' });

    expect(report.passed).toBe(false);
    expect(findingFor(report, 'offertitle')).toMatchObject({
      status: 'unknown-column',
      suggestion: 'new_offertitle',
      explanation:
        "the org's lead table has no such column; did you mean new_offertitle? (the names of " +
        'custom columns carry their publisher prefix)',
      remedy: 'write new_offertitle in the mapping instead of offertitle',
    });
    expect(columnsStep(report)).toMatchObject({
      status: 'failed',
      detail: '1 of 10 mapped columns do not fit: offertitle (unknown-column)',
      cause: { kind: 'mapping-mismatch' },
    });
    expect(formatReport(report)).toContain(
      "                   ✗ offertitle ← field OfferTitle: the org's lead table has no such column; did you mean new_offertitle? (the names of custom columns carry their publisher prefix)\n" +
        '                       What to do: write new_offertitle in the mapping instead of offertitle.\n',
    );
  });

  it('reports text sent to a choice column as the wrong type, naming both', async () => {
    const report = await checkMapping({ new_actioncode: 'ActionCode' });

    expect(findingFor(report, 'new_actioncode')).toMatchObject({
      status: 'wrong-type',
      orgType: 'Picklist',
      explanation: "the mapping sends text, but the org's column is a Picklist (choice) column",
      remedy:
        'give new_actioncode a choice value ({ choice: n }) in the mapping, or send text to a text column',
    });
    expect(report.passed).toBe(false);
  });

  it('reports a choice value the org does not offer, listing the accepted ones', async () => {
    const report = await checkMapping({
      new_actioncode: { choice: { field: 'ActionCode', values: { INS: TRIAL, PRI: 3 } } },
    });

    expect(findingFor(report, 'new_actioncode')).toMatchObject({
      status: 'choice-out-of-range',
      explanation: `the org's choice has no option 3 (it accepts ${TRIAL}, ${PURCHASE})`,
    });
    expect(formatReport(report)).toContain(
      `✗ new_actioncode ← choice by ActionCode (INS → ${TRIAL}, PRI → 3): the org's choice has no option 3 (it accepts ${TRIAL}, ${PURCHASE})\n` +
        `                       What to do: use values new_actioncode accepts (${TRIAL}, ${PURCHASE}) in the mapping, or add option 3 to new_actioncode in Power Apps.\n`,
    );
  });

  it('reports a custom text column shorter in the org than Leadbridge cuts to', async () => {
    const report = await checkMapping({ new_offertitle: 'OfferTitle' }, { new_offertitle: 200 });

    expect(findingFor(report, 'new_offertitle')).toMatchObject({
      status: 'too-short',
      explanation: "the org's column holds 100 characters, but Leadbridge sends up to 200",
    });
    expect(findingFor(report, 'new_offertitle').remedy).toMatch(
      /^make new_offertitle at least 200 characters long in Power Apps/,
    );
    expect(columnsStep(report)?.detail).toBe(
      '1 of 10 mapped columns do not fit: new_offertitle (too-short)',
    );
  });

  it('reports a column a new lead may not set, and a lookup into another table', async () => {
    const report = await checkMapping({
      statecode: { choice: 0 },
      campaignid: { lookup: 'contacts', id: CAMPAIGN_ID },
    });

    expect(findingFor(report, 'statecode')).toMatchObject({
      status: 'not-writable',
      remedy: 'remove statecode from the mapping (give it null)',
    });
    expect(findingFor(report, 'campaignid')).toMatchObject({
      status: 'lookup-target',
      explanation:
        "the org's column points to campaign records, but the mapping binds it to contacts",
    });
    expect(findingFor(report, 'campaignid').remedy).toMatch(/^bind campaignid to campaigns/);
  });

  it('lists every problem at once, fails the check, and says what to do in the verdict', async () => {
    const report = await checkMapping(
      { offertitle: 'OfferTitle', new_actioncode: 'ActionCode', new_offertitle: 'OfferTitle' },
      { new_offertitle: 150 },
    );

    const text = formatReport(report);
    expect(report.passed).toBe(false);
    expect(text).toContain(
      '✗ Columns          3 of 12 mapped columns do not fit: offertitle (unknown-column), new_actioncode (wrong-type), new_offertitle (too-short)\n',
    );
    expect(text).toContain('Likely cause: the mapping writes columns this org');
    expect(text.trimEnd().split('\n').at(-1)).toBe('1 check failed.');
  });
});
