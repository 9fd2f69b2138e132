// Baseline: an Express app that parses the same JSON and answers 202 without storing anything.
import express from 'express';

const app = express();
app.post('/leads', express.json({ limit: '64kb' }), (req, res) => {
  res.status(202).json({ id: 'x', status: 'accepted', keys: Object.keys(req.body).length });
});
const server = app.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  process.send?.({ ready: server.address().port });
});

// Exit normally on SIGTERM so a CPU profile (BENCH_PROFILE_DIR) is written.
process.on('SIGTERM', () => process.exit(0));
