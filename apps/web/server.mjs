// The portal's production server: Next's own request handler, behind the one
// rule Next cannot express. X-Forwarded-For must be the address this server
// saw: `next start` keeps whatever the client sent, so anyone could pick the
// address the API's per-address sign-in throttle counts (and bypass it). The
// /api proxy and the refresh handler forward this header to the API, which
// trusts it from the portal alone (TRUST_PROXY). HOST and PORT as for next start.
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import next from 'next';

// HOST unset: every interface, IPv4 and IPv6 (as next start).
const hostname = process.env.HOST || undefined;
const port = Number(process.env.PORT ?? 3000);
const app = next({
  dev: false,
  dir: path.dirname(fileURLToPath(import.meta.url)),
  hostname: hostname ?? 'localhost',
  port,
});
const handle = app.getRequestHandler();
await app.prepare();

http
  .createServer((request, response) => {
    // Whatever the client claimed about its address is dropped; the socket's peer is the truth.
    delete request.headers.forwarded;
    delete request.headers['x-real-ip'];
    request.headers['x-forwarded-for'] = request.socket.remoteAddress ?? '';
    void handle(request, response);
  })
  .listen(port, hostname, () => {
    process.stdout.write(`portal listening on port ${port}\n`);
  });
