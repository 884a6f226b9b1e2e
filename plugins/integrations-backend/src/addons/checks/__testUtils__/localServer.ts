import http from 'node:http';
import { AddressInfo } from 'node:net';

export const BODY_CANARY = 'body-canary-7f3e9a';
export const GOOD_TOKEN = 'cred-canary-5d21c8';

/** What the local server saw: every request's path and headers. */
export interface SeenRequest {
  path: string;
  headers: http.IncomingHttpHeaders;
}

/**
 * A real HTTP server on a loopback address with the endpoints the check tests
 * need: healthy, wrong credential, slow, redirects, big bodies.
 */
export async function startLocalServer(host = '127.0.0.1') {
  const seen: SeenRequest[] = [];
  let redirectTarget = '';
  let up = true;
  const server = http.createServer((req, res) => {
    seen.push({ path: req.url ?? '', headers: req.headers });
    const url = new URL(req.url ?? '/', 'http://local');
    const json = (status: number, body: object) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    switch (url.pathname) {
      case '/ok':
        return json(200, { status: 'ok', note: BODY_CANARY });
      case '/down':
        return json(503, { status: 'down', note: BODY_CANARY });
      case '/degraded':
        return json(200, { status: 'degraded', note: BODY_CANARY });
      case '/bearer':
        return req.headers.authorization === `Bearer ${GOOD_TOKEN}`
          ? json(200, { status: 'ok' })
          : json(401, { error: `bad token ${req.headers.authorization}` });
      case '/basic':
        return req.headers.authorization ===
          `Basic ${Buffer.from(`user:${GOOD_TOKEN}`).toString('base64')}`
          ? json(200, { status: 'ok' })
          : json(401, { error: 'no' });
      case '/query':
        return url.searchParams.get('api_key') === GOOD_TOKEN
          ? json(200, { status: 'ok' })
          : json(403, { error: 'no' });
      case '/switch':
        if (req.headers.authorization !== `Bearer ${GOOD_TOKEN}`)
          return json(401, { error: 'no' });
        return up
          ? json(200, { status: 'ok', note: BODY_CANARY })
          : json(503, { status: 'down', note: BODY_CANARY });
      case '/slow':
        return undefined; // never answers
      case '/redirect':
        res.writeHead(302, { location: redirectTarget });
        return res.end();
      case '/loop':
        res.writeHead(302, { location: '/loop' });
        return res.end();
      case '/big':
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end(`{"status":"ok","pad":"${'x'.repeat(1024 * 1024)}"}`);
      default:
        return json(404, { error: 'not found' });
    }
  });
  await new Promise<void>(resolve => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://${host}:${port}`,
    port,
    seen,
    /** Whether /switch answers 200 (up) or 503. */
    setUp(value: boolean) {
      up = value;
    },
    redirectTo(target: string) {
      redirectTarget = target;
    },
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
