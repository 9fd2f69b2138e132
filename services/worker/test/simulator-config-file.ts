import type { Simulator } from '@leadbridge/dataverse-simulator';

/**
 * A configuration file with one Dataverse destination, `contoso`, pointing at the simulator; its
 * client secret is read from CONTOSO_CLIENT_SECRET. `mapping` lines are written under `mapping:`.
 */
export function simulatorConfigFile(sim: Simulator, mapping: readonly string[]): string {
  return [
    'destinations:',
    '  - name: contoso',
    '    type: dataverse',
    `    url: ${sim.url}`,
    `    authorityHost: ${sim.url}`,
    `    tenantId: ${sim.tenantId}`,
    `    clientId: ${sim.clientId}`,
    '    clientSecretEnv: CONTOSO_CLIENT_SECRET',
    '    mapping:',
    ...mapping.map((line) => `      ${line}`),
  ].join('\n');
}
