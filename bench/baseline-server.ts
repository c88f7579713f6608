/**
 * The baseline of login-latency: a bare Fastify route answering {"ok":true}, in a process of its own
 * on 127.0.0.1:$PORT, so the figures show what HTTP on loopback costs before any Yunshu work.
 */
import Fastify from 'fastify';

const port = Number(process.env.PORT);
if (!Number.isInteger(port) || port <= 0) throw new Error('PORT must be set');
const app = Fastify({ logger: false });
app.get('/ok', async () => ({ ok: true }));
process.once('SIGTERM', () => {
  app.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
await app.listen({ host: '127.0.0.1', port });
