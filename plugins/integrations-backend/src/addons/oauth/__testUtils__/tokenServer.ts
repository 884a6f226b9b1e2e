import http from 'node:http';
import { AddressInfo } from 'node:net';

/** What the token server saw of one token request. */
export interface TokenRequestSeen {
  authorization?: string;
  form: URLSearchParams;
}

/**
 * A real OAuth2 token endpoint on loopback (client credentials grant): it
 * hands out numbered tokens to the one client it knows, counts requests and
 * can be switched to failing (echoing what it got, as a careless server
 * would) or to answering slowly.
 */
export async function startTokenServer(client: { id: string; secret: string }) {
  const seen: TokenRequestSeen[] = [];
  const state = {
    mode: 'ok' as 'ok' | 'fail' | 'redirect',
    expiresIn: 3600 as number | undefined,
    delayMs: 20,
    secret: client.secret,
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', chunk => chunks.push(chunk));
    req.on('end', () => {
      const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      seen.push({ authorization: req.headers.authorization, form });
      const json = (status: number, body: object) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      setTimeout(() => {
        if (state.mode === 'redirect') {
          res.writeHead(307, { location: '/elsewhere' });
          res.end();
          return;
        }
        const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? '');
        const [id, secret] = basic
          ? Buffer.from(basic[1], 'base64')
              .toString('utf8')
              .split(':')
              // RFC 6749 2.3.1: both halves are form-encoded.
              .map(part => decodeURIComponent(part.replace(/\+/g, ' ')))
          : [form.get('client_id'), form.get('client_secret')];
        if (
          state.mode === 'fail' ||
          id !== client.id ||
          secret !== state.secret
        ) {
          json(401, {
            error: 'invalid_client',
            error_description: `unknown client ${id}:${secret}`,
          });
          return;
        }
        json(200, {
          access_token: `token-${seen.length}`,
          token_type: 'Bearer',
          ...(state.expiresIn === undefined
            ? {}
            : { expires_in: state.expiresIn }),
          scope: form.get('scope') ?? undefined,
        });
      }, state.delayMs);
    });
  });
  await new Promise<void>(resolve =>
    server.listen(0, '127.0.0.1', () => resolve()),
  );
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/oauth/token`,
    seen,
    state,
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
