import { entraFailure } from '../src/destinations/dataverse/check/observe-failure';

describe("Entra ID's error, as the check reports it", () => {
  it('shows the OAuth error, the AADSTS number and the first sentence of the description', () => {
    const failure = entraFailure(
      'invalid_client',
      'AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.\r\nTrace ID: 0c0f Correlation ID: 9a1e Timestamp: 2025-01-02 03:04:05Z',
    );

    expect(failure).toEqual({
      kind: 'entra',
      error: 'invalid_client',
      aadsts: 7000215,
      summary: 'Entra ID answered invalid_client, AADSTS7000215: Invalid client secret provided.',
    });
  });

  it('keeps a dotted name inside the sentence and falls back to the first line without one', () => {
    expect(
      entraFailure(undefined, 'AADSTS90002: Tenant contoso.onmicrosoft.com not found. Check it.')
        .summary,
    ).toBe('Entra ID answered AADSTS90002: Tenant contoso.onmicrosoft.com not found.');
    expect(entraFailure('invalid_request', 'no sentence here\nsecond line').summary).toBe(
      'Entra ID answered invalid_request: no sentence here',
    );
  });

  it('reads a hostile 160,000-character description in a few milliseconds', () => {
    const hostile = `D${'AADSTS0:A'.repeat(18_000)}`;

    const started = process.hrtime.bigint();
    entraFailure('invalid_client', hostile);
    const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;

    expect(elapsedMs).toBeLessThan(50);
  });
});
