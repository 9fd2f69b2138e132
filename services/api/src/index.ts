// The API as a library, for end-to-end tests and benchmarks; `main.ts` is the process entry.
export {
  adminUserOf,
  auditLog,
  createAdminApp,
  DASHBOARD_PATH,
  type AdminDeps,
  type AdminOidcDeps,
  type AdminUser,
  type AuditEntry,
} from './admin/admin-app';
export { readOidcConfig, type AdminOidcConfig } from './admin/oidc-config';
export { lookupLead, type LeadStatus } from './admin/lead-lookup';
export { createApp, type AppDeps } from './app';
export { readApiConfig, type ApiConfig } from './config';
export { createEmailIndex, type EmailIndex } from './ingest/email-index';
export { createLeadRecords, type LeadRecords } from './ingest/lead-records';
export { createQueueLeadStore, type LeadStore } from './ingest/lead-store';
export { createLookupHash, type LookupHash } from './ingest/lookup-hash';
export {
  createReceivedLedger,
  type ReceivedLedger,
  type ReceivedRecord,
} from './ingest/received-ledger';
export { createApiMetrics, type ApiMetrics } from './metrics';
export { openLeadSpool, type LeadSpool } from './spool/lead-spool';
