import { ConfidentialClientApplication, type NodeAuthOptions } from '@azure/msal-node';
import axios, { type AxiosInstance } from 'axios';
import { Agent } from 'node:https';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../src';
import { axiosNetworkClient } from './axios-network-client';

/** A running simulator with clients that trust it: msal for tokens, axios for everything else. */
export interface Harness {
  sim: Simulator;
  agent: Agent;
  /** axios on `{url}/api/data/v9.2/`; never throws on a status, the tests assert it. */
  dataverse: AxiosInstance;
  /** axios on the simulator's origin (admin API, identity endpoints). */
  origin: AxiosInstance;
  /** A new msal app (so a new token cache) for the default app, or with the given auth options. */
  msal(auth?: Partial<NodeAuthOptions>): ConfidentialClientApplication;
  /** A fresh token for the default app, through real msal-node. */
  token(): Promise<string>;
  /** Request headers a Dataverse client sends, with a fresh token. */
  headers(extra?: Record<string, string>): Promise<Record<string, string>>;
  close(): Promise<void>;
}

export async function startHarness(options: SimulatorOptions = {}): Promise<Harness> {
  const sim = await startSimulator(options);
  const agent = new Agent({ ca: sim.caCertPem, keepAlive: true });
  const dataverse = axios.create({
    baseURL: `${sim.url}/api/data/v9.2/`,
    httpsAgent: agent,
    validateStatus: () => true,
    proxy: false,
  });
  const origin = axios.create({
    baseURL: sim.url,
    httpsAgent: agent,
    validateStatus: () => true,
    proxy: false,
  });

  const msal = (auth: Partial<NodeAuthOptions> = {}) =>
    new ConfidentialClientApplication({
      auth: {
        clientId: sim.clientId,
        // A certificate given signs in instead of the default app's secret.
        ...(auth.clientCertificate ? {} : { clientSecret: sim.clientSecret }),
        authority: `${sim.url}/${sim.tenantId}`,
        knownAuthorities: [new URL(sim.url).host],
        ...auth,
      },
      system: { networkClient: axiosNetworkClient(agent) },
    });

  const token = async () => {
    const result = await msal().acquireTokenByClientCredential({ scopes: [`${sim.url}/.default`] });
    if (!result) throw new Error('msal returned no token');
    return result.accessToken;
  };

  return {
    sim,
    agent,
    dataverse,
    origin,
    msal,
    token,
    async headers(extra = {}) {
      return {
        Authorization: `Bearer ${await token()}`,
        Accept: 'application/json',
        'OData-MaxVersion': '4.0',
        'OData-Version': '4.0',
        'If-None-Match': 'null',
        'Content-Type': 'application/json; charset=utf-8',
        ...extra,
      };
    },
    async close() {
      agent.destroy();
      await sim.close();
    },
  };
}

export const LEAD_ID = '3f2a4b6c-8d0e-4f1a-9b2c-3d4e5f6a7b8c';

/** A lead as the worker would write it: fictitious person, reserved example domain. */
export function sampleLead(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    subject: 'Contoso Widgets (Azure Marketplace)',
    firstname: 'Avery',
    lastname: 'Example',
    emailaddress1: 'avery@example.com',
    companyname: 'Example Ltd',
    leadsourcecode: 8,
    ...overrides,
  };
}
