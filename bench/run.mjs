// `npm run bench`: runs every benchmark on this machine, prints the figures beside their
// baselines, and writes them to docs/benchmarks.md.
import { cpus, totalmem } from 'node:os';
import { mkdir, writeFile } from 'node:fs/promises';
import { backlogLines, backlogTargets, benchBacklog, QUICK_BACKLOG } from './backlog.mjs';
import { benchDrain } from './drain.mjs';
import { benchEndToEnd } from './end-to-end.mjs';
import { benchIngest } from './ingest.mjs';
import { benchIngestSteps, ingestStepsSummary, ingestStepsTable } from './ingest-steps.mjs';
import { benchProtection } from './protection.mjs';
import { benchTracing, tracingRows } from './tracing.mjs';

const quick = process.argv.includes('--quick');
const fmt = (n, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${fmt(totalmem() / 2 ** 30, 1)} GiB, Node.js ${process.version}; load generator on the same machine`;
console.log(`machine: ${machine}`);

const ingest = await benchIngest(quick ? { pairs: 1, seconds: 3 } : {});
for (const run of ingest.runs) {
  console.log(
    `ingest pair ${run.pair} ${run.kind.padEnd(10)} ${fmt(run.rps).padStart(7)} req/s  p50 ${run.p50} ms  p99 ${run.p99} ms  non-2xx ${run.non2xx}`,
  );
}
console.log(
  `ingest ratio (median of pairs): ${fmt(ingest.ratio, 2)}  [${ingest.ratios.map((r) => fmt(r, 2)).join(', ')}]  target ≥ 0.80`,
);
for (const [kind, run] of Object.entries(ingest.fixedRate)) {
  console.log(
    `ingest at 1,000 leads/s, ${kind.padEnd(10)}: p50 ${run.p50} ms, p99 ${run.p99} ms, non-2xx ${run.non2xx}, CPU ${fmt(run.cpuMicrosPerRequest)} µs per request`,
  );
}
console.log(
  `peak RSS under the ingest load: api ${fmt(ingest.peakRssMb.leadbridge)} MB (target ≤ 150 MB), bare app ${fmt(ingest.peakRssMb.bare)} MB`,
);

// Where the CPU of one lead POST goes, step by step, beside the figures just measured.
const steps = await benchIngestSteps({
  quick,
  ingestCpu: Object.fromEntries(
    Object.entries(ingest.fixedRate).map(([kind, run]) => [kind, run.cpuMicrosPerRequest]),
  ),
});
console.log('ingest CPU per request, step by step:');
console.log(ingestStepsTable(steps));
for (const line of ingestStepsSummary(steps)) console.log(line);

const tracing = await benchTracing(quick ? { seconds: 3 } : {});
for (const row of tracingRows(tracing)) console.log(row);

const drain = await benchDrain(quick ? { count: 2_000 } : {});
console.log(
  `drain ${fmt(drain.count)} leads: worker doing nothing ${fmt(drain.baseline.perSecond)} jobs/s; minimal worker into the simulator ${fmt(drain.minimal.perSecond)} leads/s (written ${fmt(drain.minimal.written)}); Leadbridge ${fmt(drain.leadbridge.perSecond)} leads/s (target ≥ 1,000; written ${fmt(drain.written)}); Leadbridge / minimal ${fmt(drain.minimalRatio, 2)} (target ≥ 0.80), Leadbridge / doing nothing ${fmt(drain.ratio, 2)}; worker peak RSS ${fmt(drain.workerPeakRssMb)} MB (target ≤ 150 MB)`,
);

const protection = await benchProtection(
  quick ? { requests: 120, windowSeconds: 6, count: 300 } : {},
);
console.log(
  `service protection ${protection.requests} per ${protection.windowSeconds} s: ${fmt(protection.perSecond, 1)} leads/s = ${fmt(100 * protection.shareOfAllowed)}% of the allowed rate (target ≥ 90%); ${protection.throttled} answered 429 = ${fmt(100 * protection.throttledShare, 2)}% (target ≤ 1%); written ${fmt(protection.written)} of ${fmt(protection.count)}`,
);

const backlog = await benchBacklog(quick ? QUICK_BACKLOG : {});
for (const line of backlogLines(backlog)) console.log(line);

const e2e = await benchEndToEnd(quick ? { seconds: 3 } : {});
console.log(
  `end to end at ${e2e.ratePerSecond} leads/s: p50 ${e2e.p50} ms, p99 ${e2e.p99} ms from POST to record (target p50 ≤ 50 ms); ${e2e.written} of ${e2e.sent} written; peak RSS api ${fmt(e2e.peakRssMb.api)} MB, worker ${fmt(e2e.peakRssMb.worker)} MB`,
);

// The targets set against a baseline measured in the same run.
const queueAdd = ingest.fixedRate['queue-add'];
const lbFixed = ingest.fixedRate.leadbridge;
const targets = [
  {
    target: 'ingest CPU per request at 1,000 leads/s ≤ 1.3 × the queue-add app',
    measured: `${fmt(lbFixed.cpuMicrosPerRequest)} µs = ${fmt(lbFixed.cpuMicrosPerRequest / queueAdd.cpuMicrosPerRequest, 2)} ×`,
    baseline: `queue-add app ${fmt(queueAdd.cpuMicrosPerRequest)} µs; allowed ≤ ${fmt(1.3 * queueAdd.cpuMicrosPerRequest)} µs`,
    met: lbFixed.cpuMicrosPerRequest <= 1.3 * queueAdd.cpuMicrosPerRequest,
  },
  {
    target: "ingest p99 at 1,000 leads/s within 5 ms of the queue-add app's",
    measured: `${lbFixed.p99} ms (${lbFixed.p99 - queueAdd.p99 >= 0 ? '+' : ''}${fmt(lbFixed.p99 - queueAdd.p99)} ms)`,
    baseline: `queue-add app ${queueAdd.p99} ms; allowed ≤ ${fmt(queueAdd.p99 + 5)} ms`,
    met: lbFixed.p99 <= queueAdd.p99 + 5,
  },
  {
    target: 'drain ≥ 0.8 × the minimal worker',
    measured: `${fmt(drain.leadbridge.perSecond)} leads/s = ${fmt(drain.minimalRatio, 2)} ×`,
    baseline: `minimal worker ${fmt(drain.minimal.perSecond)} leads/s; needed ≥ ${fmt(0.8 * drain.minimal.perSecond)} leads/s`,
    met: drain.minimalRatio >= 0.8,
  },
  ...backlogTargets(backlog),
];
const verdict = (met) => (met ? 'met' : 'not met');
console.log('targets against their baselines:');
for (const row of targets) {
  console.log(`  ${row.target}: ${row.measured}; ${row.baseline} → ${verdict(row.met)}`);
}

const date = new Date().toISOString().slice(0, 10);
// A ratio of 0.80 allows at most 1.25 times the bare app's CPU per request.
const storeVerdict =
  ingest.fixedRate['queue-add'].cpuMicrosPerRequest >
  1.25 * ingest.fixedRate.bare.cpuMicrosPerRequest
    ? 'The target allows the API 1.25 times the bare CPU per request, less than a plain `queue.add` costs on its own here: out of reach for any design that stores the lead in Redis before answering.'
    : "The target allows the API 1.25 times the bare CPU per request; a plain `queue.add` fits within that here, so the gap is Leadbridge's own work.";
const cpu = Object.fromEntries(
  Object.entries(ingest.fixedRate).map(([kind, run]) => [kind, run.cpuMicrosPerRequest]),
);
const rows = ingest.runs
  .map(
    (run) =>
      `| ${run.pair} | ${run.kind} | ${fmt(run.rps)} | ${run.p50} | ${run.p99} | ${run.non2xx} |`,
  )
  .join('\n');
const markdown = `# Benchmarks

Produced by \`npm run bench\`${quick ? ' --quick' : ''} on ${date}. Machine: ${machine}.
Every figure is measured beside its baseline in the same run. Numbers on a 2-core machine that
also runs the load generator are noisy: compare ratios, not absolute figures.

## Targets against their baselines

Each target is set against a baseline measured in the same run (see the sections below).

| target | Leadbridge | baseline | verdict |
| --- | --- | --- | --- |
${targets.map((row) => `| ${row.target} | ${row.measured} | ${row.baseline} | **${verdict(row.met)}** |`).join('\n')}

## Ingest: \`POST /leads\` with a real Redis vs a bare Express app

Baseline: Express parsing the same JSON and answering 202 without storing anything. Leadbridge:
the API process as deployed (its start script's command: JSON logs, metrics, spool, admin
listener): secret check, validation, normalisation, lead id, duplicate check, e-mail index and
the BullMQ job, answered only once stored. autocannon, 50 connections, a new lead per request.

| pair | app | req/s | p50 ms | p99 ms | non-2xx |
| --- | --- | --- | --- | --- | --- |
${rows}

- Throughput ratio, median of pairs: **${fmt(ingest.ratio, 2)}** (target ≥ 0.80; pairs: ${ingest.ratios.map((r) => fmt(r, 2)).join(', ')}).
- At a fixed 1,000 leads/s (20 connections): Leadbridge p50 **${ingest.fixedRate.leadbridge.p50} ms**, p99 **${ingest.fixedRate.leadbridge.p99} ms** (target: within 5 ms of the queue-add app's ${ingest.fixedRate['queue-add'].p99} ms), ${ingest.fixedRate.leadbridge.non2xx} non-2xx. Beside it at the same rate:

| app at 1,000 req/s | p50 ms | p99 ms | CPU per request (µs) |
| --- | --- | --- | --- |
${Object.entries(ingest.fixedRate)
  .map(([kind, run]) => `| ${kind} | ${run.p50} | ${run.p99} | ${fmt(run.cpuMicrosPerRequest)} |`)
  .join('\n')}

- The bare app's tail at this rate (p99 ${ingest.fixedRate.bare.p99} ms) is the floor that this load generator on this machine sets: Leadbridge's p99 minus the bare app's: ${fmt(ingest.fixedRate.leadbridge.p99 - ingest.fixedRate.bare.p99)} ms.
- Peak RSS under this load: API **${fmt(ingest.peakRssMb.leadbridge)} MB** (target ≤ 150 MB); the bare app ${fmt(ingest.peakRssMb.bare)} MB.

## Where the ingest time goes

CPU per request at 1,000 leads/s, from the table above: the bare app **${fmt(cpu.bare)} µs**;
a plain BullMQ \`queue.add\` adds **${fmt(cpu['queue-add'] - cpu.bare)} µs** (ioredis and BullMQ building,
sending and reading back the add script); Leadbridge adds **${fmt(cpu.leadbridge - cpu['queue-add'])} µs**
more. Under full load each app is bound by the one core its process runs on, so these costs
predict the throughput ratios: ${fmt(cpu.bare / cpu['queue-add'], 2)} for the plain \`queue.add\` app and ${fmt(cpu.bare / cpu.leadbridge, 2)} for
Leadbridge, against the 0.80 targeted.

CPU profiles of the API (\`BENCH_PROFILE_DIR=<dir> npm run bench\` writes one per server
process) spread Leadbridge's share thinly, with no JavaScript function above about 2% of the samples:
Express routing and body reading, the JSON access log line, the metrics, ajv validation and
normalisation, the SHA-256 of the secret, the content key (a UUID v5 of the canonical lead) that
BullMQ deduplicates by, the HMAC of the e-mail address, the lookup index entry and the
received-ledger record (one more Redis script, pipelined with the add), and garbage collection. ${storeVerdict}
${
  targets[0].met
    ? ''
    : `
The CPU target is not met: Leadbridge's own work per lead, beyond the store that the queue-add app
also pays, is ${fmt(cpu.leadbridge - cpu['queue-add'])} µs against the ${fmt(0.3 * cpu['queue-add'])} µs allowed. The largest single piece
is the second Redis command per lead (the e-mail index and received ledger, one script sent with
the add in the same round trip, about 60 µs of the API's CPU); folding it into BullMQ's own add
script would tie the API to BullMQ's internals. The rest is many steps of a few µs each (table
below): the steps that could be removed without dropping a guarantee (a router layer per check,
body-parser's pipeline for a plain JSON body, a winston child logger per request, a no-op span
per lead) are gone.
`
}
Throughput grows with API replicas on more cores (see "Running several replicas" in the README);
the latency at a realistic rate, above, is what a sender notices.

### CPU per request, step by step

\`bench/ingest-steps.mjs\` (also \`node bench/ingest-steps.mjs\` alone) times each step a lead POST goes
through, in the order the request meets it, with the API's own built code: the HTTP layers in
child processes of their own, each layer's row the difference from the one before (timed by the
server's CPU, not the client's; a negative figure is noise); every later step in one process,
many calls one after another, Redis steps against a private Redis; medians of
${steps.settings.rounds} rounds. Helmet is not on the ingest app (only on the admin listener), so it has no row.

${ingestStepsTable(steps)}

${ingestStepsSummary(steps)
  .map((line) => `- ${line}.`)
  .join('\n')}

## Traces: the API with traces off and on

The API process as above, once with no OTLP endpoint (the OpenTelemetry API's no-op tracer, no
SDK loaded) and once exporting every lead's spans to a local OTLP/HTTP receiver (protobuf,
batched, all sampled): ${fmt(tracing.rate)} leads/s for ${tracing.seconds} s, then full load (50 connections).

| traces | p50 ms | p99 ms | CPU per request (µs) | full load req/s | peak RSS MB |
| --- | --- | --- | --- | --- | --- |
${['off', 'on']
  .map((kind) => {
    const run = tracing.runs[kind];
    return `| ${kind} | ${run.p50} | ${run.p99} | ${fmt(run.cpuMicrosPerRequest)} | ${fmt(run.rps)} | ${fmt(run.rssMb)} |`;
  })
  .join('\n')}

- The receiver took ${fmt(tracing.exports.requests)} exports, ${fmt(tracing.exports.bytes / 1024)} KiB.

## Drain: ${fmt(drain.count)} queued leads into the simulator

Baseline: the minimal worker (\`bench/servers/minimal-worker.mjs\`, its own process): a BullMQ worker
on the same lead queue, concurrency ${drain.concurrency}, that maps each lead with the same built mapping and sends
the same create-only \`PATCH leads(<id>)\` (\`If-None-Match: *\`, same headers and body) over one
keep-alive TLS client (axios, an https.Agent with the simulator's CA), with a token fetched once;
no routing, checks, logs, metrics, spans or retries. Context: a BullMQ worker that does nothing
with the same jobs. Leadbridge: the worker process as deployed, which routes each lead to its
destination's queue and then delivers it (mapping, msal-node token, create-only PATCH over TLS with
keep-alive), concurrency ${drain.concurrency}, rate limit lifted. Both writers go into the same simulator
process (no added latency), emptied and warmed with ${fmt(drain.warmUp)} leads before each; the records are counted
in the simulator after each run.

| worker | leads/s | seconds | records in the simulator |
| --- | --- | --- | --- |
| doing nothing | ${fmt(drain.baseline.perSecond)} | ${fmt(drain.baseline.seconds, 1)} | – |
| minimal worker → simulator | ${fmt(drain.minimal.perSecond)} | ${fmt(drain.minimal.seconds, 1)} | ${fmt(drain.minimal.written)} |
| Leadbridge → simulator | ${fmt(drain.leadbridge.perSecond)} | ${fmt(drain.leadbridge.seconds, 1)} | ${fmt(drain.leadbridge.written)} |

- Leadbridge drains at **${fmt(drain.leadbridge.perSecond)} leads/s** (target ≥ 1,000 on 2 cores, simulator included) = **${fmt(drain.minimalRatio, 2)}** of the minimal worker (target ≥ 0.80), ${fmt(drain.ratio, 2)} of the do-nothing worker; ${fmt(drain.written)} of ${fmt(drain.count)} written.
- Worker peak RSS while draining: **${fmt(drain.workerPeakRssMb)} MB** (target ≤ 150 MB).
${
  drain.minimalRatio >= 0.8
    ? ''
    : `
Where the gap is. Worker CPU profiles put most of the difference in the second queue hop: Leadbridge
routes each lead on the lead queue, then delivers it from its destination's queue, so every lead is
two BullMQ jobs (two adds, two completions, in the worker and in Redis) where the minimal worker
has one. That hop is what gives each destination its own retries and Retry-After handling, its
rate limiter, its failed list in Bull Board and its Retry on the leads pages; delivering inside the
routing job cut Redis CPU per lead by about a third when tried, but a completed routing job run
again would write again and a failed first try could not become a retry of its destination's job,
so it is not done. Routed deliveries are queued together (one \`addBulk\` per destination for the
leads routed at the same moment) and the lead activity is written for many events in one script
call. What remains is spread thin: the log lines with redaction, metrics, garbage collection.
A backlog is drained far faster with bulk writes (below), which this one-request-per-lead run
leaves off on purpose.
`
}
## Against Dataverse's service protection limits (scaled down)

The simulator enforces ${protection.requests} requests per ${protection.windowSeconds} s sliding window per application user
(Dataverse: 6,000 per 300 s). The worker's limiter: ${protection.workerLimitPerSecond} leads per
second, so no ${protection.windowSeconds} s window can exceed the limit. ${fmt(protection.count)} queued leads.

- Sustained **${fmt(protection.perSecond, 1)} leads/s = ${fmt(100 * protection.shareOfAllowed)}%** of the allowed ${fmt(protection.requests / protection.windowSeconds, 1)}/s (target ≥ 90%).
- **${protection.throttled}** requests answered 429 = **${fmt(100 * protection.throttledShare, 2)}%** (target ≤ 1%); ${fmt(protection.written)} of ${fmt(protection.count)} written, none lost.

## A backlog against the service protection limits: one request per lead vs bulk writes

\`bench/backlog.mjs\` (also \`node bench/backlog.mjs\` alone): ${fmt(backlog.backlog)} leads queued on the lead
queue and routed by the worker to the Dataverse destination while its queue was paused (as when
Dataverse was out of reach), then drained by the worker process as deployed (concurrency ${backlog.concurrency}, its
limiter at ${backlog.rateLimitMax} requests/s) into the simulator enforcing Dataverse's limits at their real rates over a shorter
window: ${backlog.limits.requests} requests and ${fmt(backlog.limits.executionMs)} ms of execution time per ${backlog.limits.windowSeconds} s, ${backlog.limits.concurrent} concurrent
(Dataverse: 6,000 and 1,200,000 ms per 300 s, 52), each record costing ${backlog.recordWriteMs} ms of execution time
alone or in a \`CreateMultiple\`. Once with \`DATAVERSE_BULK_WRITES=off\`, once with \`auto\` (batches of
100 from 200 waiting), in the same run, the simulator's limits started afresh for each. Meanwhile
a fresh lead is queued every ${fmt(backlog.freshEveryMs / 1000)} s as the API stores one, and timed from then until its
delivery job completed (the worker's confirmation that Dataverse wrote it). One request per lead
drains at the request limit's pace (about ${fmt(backlog.single.fullSeconds / 60)} minutes for all of them here): its rate is measured
over the first ${fmt(backlog.single.measuredLeads)} leads written, from the queue's resuming, and the whole drain
extrapolated from it; the bulk run drains the whole backlog. Records are counted in the simulator.

| writes | leads/s | seconds | write requests | 429 answers | records / writes | fresh leads written | fresh p50 | fresh max |
| --- | --- | --- | --- | --- | --- | --- | --- | --- |
${[
  ['one request per lead', backlog.single],
  ['bulk (auto)', backlog.bulk],
]
  .map(
    ([name, r]) =>
      `| ${name} | ${fmt(r.perSecond, 1)} | ${fmt(r.seconds, 1)} for ${fmt(r.measuredLeads)} | ${fmt(r.requests)} | ${r.throttled} (${fmt(100 * r.throttledShare, 2)}%) | ${fmt(r.records)} / ${fmt(r.writes)} | ${r.fresh.written} of ${r.fresh.queued} | ${r.fresh.p50Ms === undefined ? '–' : `${fmt(r.fresh.p50Ms / 1000, 1)} s`} | ${r.fresh.maxMs === undefined ? `none; the oldest waited ${fmt((r.fresh.stillWaitingMs ?? 0) / 1000, 1)} s` : `${fmt(r.fresh.maxMs / 1000, 1)} s`} |`,
  )
  .join('\n')}

- Bulk writes drain **${fmt(backlog.speedup, 1)} ×** as fast as one request per lead (target ≥ 10 ×), in ${fmt(backlog.bulk.bulkRequests)} \`CreateMultiple\` requests.
- 429 answers: **${fmt(100 * backlog.bulk.throttledShare, 2)}%** of the bulk run's requests (target ≤ 1%).
- Fresh leads while the backlog drains in bulk: p50 **${backlog.bulk.fresh.p50Ms === undefined ? '–' : `${fmt(backlog.bulk.fresh.p50Ms / 1000, 1)} s`}**, max **${backlog.bulk.fresh.maxMs === undefined ? '–' : `${fmt(backlog.bulk.fresh.maxMs / 1000, 1)} s`}** (target: within 10 s); with one request per lead a fresh lead waits behind the whole backlog.

## End to end: from \`POST /leads\` to the record in the simulator

The API, the worker and the simulator each in their own process, with a real Redis;
${e2e.ratePerSecond} leads/s for ${e2e.sent / e2e.ratePerSecond} s. Measured from sending the POST to the worker's confirmation
that Dataverse wrote the record.

- p50 **${e2e.p50} ms**, p99 **${e2e.p99} ms** (target p50 ≤ 50 ms); ${e2e.written} of ${e2e.sent} written.
- Peak RSS: API ${fmt(e2e.peakRssMb.api)} MB, worker ${fmt(e2e.peakRssMb.worker)} MB.
`;
await mkdir(new URL('../docs/', import.meta.url), { recursive: true });
await writeFile(new URL('../docs/benchmarks.md', import.meta.url), markdown);
console.log('written to docs/benchmarks.md');
// BullMQ and ioredis keep timers alive after close; the benchmark is done.
process.exit(0);
