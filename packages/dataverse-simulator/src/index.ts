export { startSimulator } from './start-simulator';
export type {
  ManagedIdentityEnv,
  Simulator,
  SimulatorEnv,
  SimulatorFaults,
  WorkloadIdentityEnv,
} from './simulator';
export type { SimulatorOptions } from './simulator-options';
export type { AppRegistration, FederatedCredential } from './identity/app-registry';
export type { ServiceAccountTokenOptions } from './identity/service-account-token';
export { DEFAULT_TEST_USERS, type TestUser } from './identity/test-users';
export type { CustomColumn, ColumnType } from './dataverse/lead-table';
export type { LeadRecord } from './dataverse/lead-store';
export type {
  FaultSettings,
  FaultUpdate,
  OutageFault,
  ServiceProtectionLimits,
  ThrottleFault,
} from './faults/fault-settings';
export { FaultUpdateError } from './faults/parse-fault-update';
export type { RequestKind, SimulatorStats } from './stats';
export {
  certificateUsable,
  generateServerCertificate,
  type TlsKeyPair,
} from './tls/server-certificate';
export {
  DEMO_CLIENT_ID,
  DEMO_CLIENT_SECRET,
  DEMO_TENANT_ID,
  runSimulatorCli,
  type CliOutput,
} from './simulator-cli';
