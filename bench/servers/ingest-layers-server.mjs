// The HTTP layers of the ingest path one at a time, for bench/ingest-steps.mjs: INGEST_LAYERS
// names how much of the public app's stack is built, each a superset of the one before:
//   node     Node's HTTP server reading the body and answering 202 with a little JSON
//   express  the ingest app's Express settings and router: POST /leads answered by res.json
//   context  plus the real request-context middleware (request id, X-Request-Id, finish hook),
//            with a logger that writes nothing (the log line is timed on its own)
//   body     plus the content-type check and the body read as text (readLeadBody, 64 KiB)
// Each answers what the API answers, `{ id, status }`, so the response costs alike. The process
// tells its parent its own CPU time on request (`'cpu'` over IPC), to the microsecond.
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import express from 'express';

const require = createRequire(import.meta.url);
const { requestContext } = require('@leadbridge/api/dist/http/request-context.js');
const { readLeadBody } = require('@leadbridge/api/dist/http/read-lead-body.js');

const layers = process.env.INGEST_LAYERS ?? 'node';
const answer = () => ({ id: randomUUID(), status: 'accepted' });

function nodeServer() {
  return createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const body = JSON.stringify(answer());
      res.writeHead(202, {
        'Content-Type': 'application/json; charset=utf-8',
        'Content-Length': Buffer.byteLength(body),
      });
      res.end(body);
    });
  });
}

const silentLogger = {
  error() {},
  warn() {},
  info() {},
  debug() {},
  child: () => silentLogger,
};

function expressServer() {
  const app = express();
  // The settings createApp gives the ingest app.
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('trust proxy', false);
  app.set('query parser', 'simple');
  if (layers !== 'express') app.use(requestContext(silentLogger));
  // The route on the app's own router, as createApp mounts POST /leads.
  app.post('/leads', async (req, res) => {
    const reply = () => res.status(202).json(answer());
    // Without the body reader the body is still read off the socket, as Node's server does.
    if (layers === 'body') {
      await readLeadBody(req, res);
      reply();
    } else req.resume().on('end', reply);
  });
  return createServer(app);
}

const server = layers === 'node' ? nodeServer() : expressServer();
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => process.send?.({ ready: server.address().port }));
process.on('message', (message) => {
  if (message === 'cpu') process.send?.({ cpu: process.cpuUsage() });
});
process.on('SIGTERM', () => process.exit(0));
