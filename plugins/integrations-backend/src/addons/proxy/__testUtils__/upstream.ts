import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http, { IncomingMessage, ServerResponse } from 'node:http';
import https from 'node:https';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A self-signed certificate for 127.0.0.1, made with openssl at test time. */
export function selfSignedCertificate(): { key: string; cert: string } {
  const dir = mkdtempSync(join(tmpdir(), 'proxy-cert-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    return {
      key: readFileSync(join(dir, 'key.pem'), 'utf8'),
      cert: readFileSync(join(dir, 'cert.pem'), 'utf8'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface Upstream {
  origin: string;
  /** Every request it received, path and headers. */
  hits: Array<{
    method: string;
    url: string;
    headers: http.IncomingHttpHeaders;
    body: string;
  }>;
  /** Bytes the /v1/big route managed to write before the socket closed. */
  bigWritten: () => number;
  /** Whether the last /v1/slow-stream request saw its socket close. */
  slowClosed: () => boolean;
  /** Lets the SSE route send its next event. */
  nextEvent: () => void;
  /** Where /v1/redirect points. */
  setRedirect: (location: string) => void;
  close: () => Promise<void>;
}

/**
 * A real HTTP or HTTPS server on 127.0.0.1 with the routes the proxy tests
 * need: echo, split echo, cookies, redirect, a 100 MiB stream, a slow
 * answer, server-sent events.
 */
export async function startUpstream(
  options: {
    tls?: { key: string; cert: string };
    secret?: string;
    host?: string;
  } = {},
): Promise<Upstream> {
  const hits: Upstream['hits'] = [];
  let written = 0;
  let slowClosed = false;
  let redirect = 'http://127.0.0.1:1/';
  let release: () => void = () => {};
  const secret = options.secret ?? '';

  const route = (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    switch (path) {
      case '/v1/echo':
        res.writeHead(200, {
          'content-type': 'application/json',
          'x-request-id': 'req-1',
        });
        return res.end(
          JSON.stringify({
            url: req.url,
            method: req.method,
            headers: req.headers,
          }),
        );
      case '/v1/split': {
        // The secret in two writes, half in each, with a pause between.
        res.writeHead(200, { 'content-type': 'text/plain' });
        const half = Math.floor(secret.length / 2);
        res.write(`token=${secret.slice(0, half)}`);
        setTimeout(() => res.end(`${secret.slice(half)};done`), 50);
        return undefined;
      }
      case '/v1/cookie':
        res.writeHead(200, {
          'content-type': 'application/json',
          'set-cookie': 'session=upstream; Path=/',
          'access-control-allow-origin': '*',
        });
        return res.end('{"ok":true}');
      case '/v1/redirect':
        res.writeHead(302, { location: redirect });
        return res.end();
      case '/v1/moved':
        res.writeHead(301, { location: '/v1/echo?page=2' });
        return res.end();
      case '/v1/page':
        res.writeHead(200, { 'content-type': 'text/html' });
        return res.end('<script>alert(1)</script>');
      case '/v1/big': {
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        const chunk = Buffer.alloc(64 * 1024, 120);
        const total = 100 * 1024 * 1024;
        const pump = () => {
          while (written < total) {
            written += chunk.length;
            if (!res.write(chunk)) {
              res.once('drain', pump);
              return;
            }
          }
          res.end();
        };
        res.on('close', () => res.removeAllListeners('drain'));
        pump();
        return undefined;
      }
      case '/v1/slow':
        return undefined; // never answers
      case '/v1/slow-stream':
        slowClosed = false;
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.write('first;');
        res.on('close', () => {
          slowClosed = true;
        });
        return undefined;
      case '/v1/events': {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        let n = 0;
        const send = () => {
          n += 1;
          if (n > 3) return res.end();
          res.write(`data: event ${n}\n\n`);
          release = send;
          return undefined;
        };
        return send();
      }
      default:
        res.writeHead(404, { 'content-type': 'application/json' });
        return res.end('{"error":"not here"}');
    }
  };

  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', c => chunks.push(c));
    req.on('end', () => {
      hits.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
      });
      route(req, res);
    });
  };

  const server = options.tls
    ? https.createServer(options.tls, handler)
    : http.createServer(handler);
  await new Promise<void>(r =>
    server.listen(0, options.host ?? '127.0.0.1', r),
  );
  const { port } = server.address() as AddressInfo;
  return {
    origin: `${options.tls ? 'https' : 'http'}://${
      options.host ?? '127.0.0.1'
    }:${port}`,
    hits,
    bigWritten: () => written,
    slowClosed: () => slowClosed,
    nextEvent: () => release(),
    setRedirect: location => {
      redirect = location;
    },
    close: () =>
      new Promise(r => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
