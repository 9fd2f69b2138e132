// The HTTP layers of the ingest path one at a time, for bench/ingest-steps.mjs: INGEST_LAYERS
// names how much of the public app's stack is built, each a superset of the one before:
//   node     Node's HTTP server reading the body and answering 202 with a little JSON
//   express  the ingest app's Express settings and router: POST /leads answered by res.json
//   context  plus the real request-context middleware (request id, X-Request-Id, finish hook),
//            with a logger that writes nothing (the log line is timed on its own)
//   body     plus the content-type check and the body read as text (express.text, 64 KiB)
// Each answers what the API answers, `{ id, status }`, so the response costs alike. The process
// tells its parent its own CPU time on request (`'cpu'` over IPC), to the microsecond.
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import express from 'express';

const require = createRequire(import.meta.url);
const { requestContext } = require('@leadbridge/api/dist/http/request-context.js');
const { MAX_BODY_BYTES } = require('@leadbridge/api/dist/routes/leads-route.js');

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
  const router = express.Router();
  const chain = [];
  if (layers === 'body') {
    chain.push(
      (req, _res, next) =>
        next(req.is(['application/json', 'application/*+json']) ? undefined : new Error('415')),
      express.text({ type: () => true, limit: MAX_BODY_BYTES }),
    );
  }
  router.post('/leads', ...chain, (req, res) => {
    const reply = () => res.status(202).json(answer());
    // Without a body parser the body is still read off the socket, as Node's server does.
    if (layers === 'body') reply();
    else req.resume().on('end', reply);
  });
  app.use(router);
  return createServer(app);
}

const server = layers === 'node' ? nodeServer() : expressServer();
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => process.send?.({ ready: server.address().port }));
process.on('message', (message) => {
  if (message === 'cpu') process.send?.({ cpu: process.cpuUsage() });
});
process.on('SIGTERM', () => process.exit(0));
