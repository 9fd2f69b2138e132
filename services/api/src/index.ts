// The API as a library, for end-to-end tests and benchmarks; `main.ts` is the process entry.
export { createApp, type AppDeps } from './app';
export { readApiConfig, type ApiConfig } from './config';
export { createQueueLeadStore, type LeadStore } from './ingest/lead-store';
