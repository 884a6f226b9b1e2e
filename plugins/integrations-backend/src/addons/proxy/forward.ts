import { Request, Response } from 'express';
import { IncomingMessage } from 'node:http';
import { pipeline, Transform } from 'node:stream';
import { AddressPolicy } from '../../core/net/addressPolicy';
import { LookupFunction } from '../../core/net/pinnedLookup';
import { ProxyLimits } from './config';
import {
  callerResponseHeaders,
  proxyLocation,
  upstreamRequestHeaders,
} from './headers';
import { ProxyPlan } from './plan';
import { RedactingStream, redactionForms } from './redact';
import {
  checkedAddress,
  openUpstream,
  PinnedAgents,
  UpstreamError,
} from './upstream';

/** How a forwarded call ended, for the audit event and usage. */
interface ForwardOutcome {
  status: number;
  /** Body bytes the caller received. */
  bytes: number;
  /** Why the call failed or was cut, in words that hold no value. */
  error?: string;
}

const BODYLESS = new Set(['GET', 'HEAD']);

const STATUS_OF: Record<UpstreamError['kind'], number> = {
  refused: 502,
  network: 502,
  timeout: 504,
};

/**
 * Makes the upstream call of a plan and streams its response back: pinned
 * to a checked address, never following a redirect, within the time and
 * size limits, with injected values replaced in the body, cancelled when
 * the caller goes away.
 */
export class ProxyForwarder {
  private readonly agents = new PinnedAgents();

  constructor(
    private readonly options: {
      policy: AddressPolicy;
      lookup: LookupFunction;
      limits: ProxyLimits;
      /** More CAs to trust for upstreams (an internal CA), besides Node's. */
      ca?: string[];
    },
  ) {}

  forward(
    plan: ProxyPlan,
    req: Request,
    res: Response,
    proxyBase: string,
  ): Promise<ForwardOutcome> {
    const { limits } = this.options;
    const deadline = Date.now() + limits.totalTimeoutMs;
    return new Promise<ForwardOutcome>(resolveOutcome => {
      let done = false;
      let ended = false;
      let bytes = 0;
      const cleanups: Array<() => void> = [];
      const finish = (outcome: ForwardOutcome) => {
        if (done) return;
        done = true;
        cleanups.forEach(c => c());
        resolveOutcome(outcome);
      };
      const failBeforeHeaders = (
        status: number,
        name: string,
        message: string,
      ) => {
        if (!res.headersSent) {
          res.status(status).json({
            error: { name, message },
            request: { method: req.method, url: `${req.baseUrl}${req.path}` },
            response: { statusCode: status },
          });
        } else {
          res.destroy();
        }
        finish({ status, bytes, error: message });
      };
      const fail = (error: UpstreamError) =>
        failBeforeHeaders(
          STATUS_OF[error.kind],
          error.kind === 'timeout' ? 'GatewayTimeoutError' : 'BadGatewayError',
          `integration ${plan.record.id}: ${error.message}`,
        );

      const totalTimer = setTimeout(
        () =>
          fail(
            new UpstreamError(
              'timeout',
              `no complete answer within ${limits.totalTimeoutMs} ms`,
            ),
          ),
        limits.totalTimeoutMs,
      );
      cleanups.push(() => clearTimeout(totalTimer));
      // A caller that goes away cancels the upstream call.
      const onClientGone = () => {
        if (!res.writableFinished)
          finish({
            status: 499,
            bytes,
            error: 'the caller closed the connection',
          });
      };
      res.on('close', onClientGone);

      const declared = Number(req.headers['content-length'] ?? 0);
      if (declared > limits.maxRequestBytes) {
        failBeforeHeaders(
          413,
          'PayloadTooLargeError',
          `the request body is larger than ${limits.maxRequestBytes} bytes`,
        );
        return;
      }

      checkedAddress(plan.url, this.options.lookup, this.options.policy)
        .then(target => {
          if (done) return;
          const headers = upstreamRequestHeaders(
            req.headers,
            plan.injectedHeaders,
            plan.settings.requestHeaders,
          );
          // GET and HEAD go without a body, so without a length that would make the upstream wait.
          if (
            req.headers['content-length'] !== undefined &&
            !BODYLESS.has(req.method)
          ) {
            headers['content-length'] = String(declared);
          }
          const upstream = openUpstream({
            url: plan.url,
            method: req.method,
            headers,
            target,
            connectTimeoutMs: Math.min(
              limits.connectTimeoutMs,
              deadline - Date.now(),
            ),
            ca: this.options.ca,
            agent: this.agents.for(plan.url, target),
            onError: fail,
          });
          // A call that ended cleanly leaves its socket to the agent's pool.
          cleanups.push(() => {
            if (!ended) upstream.destroy();
          });
          upstream.on('response', response =>
            this.respond(plan, response, res, proxyBase, {
              onBytes: n => {
                bytes += n;
              },
              onEnd: () => {
                ended = true;
                finish({ status: response.statusCode ?? 502, bytes });
              },
              onCut: message => {
                res.destroy();
                finish({
                  status: response.statusCode ?? 502,
                  bytes,
                  error: message,
                });
              },
              fail: failBeforeHeaders,
            }),
          );
          this.sendBody(req, upstream, failBeforeHeaders);
        })
        .catch(error =>
          fail(
            error instanceof UpstreamError
              ? error
              : new UpstreamError('network', 'the upstream call failed'),
          ),
        );
    });
  }

  /** Closes pooled upstream sockets (at shutdown). */
  close() {
    this.agents.close();
  }

  /** The caller's body, counted: past the cap the upstream call is cancelled with 413. */
  private sendBody(
    req: Request,
    upstream: ReturnType<typeof openUpstream>,
    fail: (status: number, name: string, message: string) => void,
  ) {
    if (BODYLESS.has(req.method)) {
      upstream.end();
      return;
    }
    let received = 0;
    req.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received > this.options.limits.maxRequestBytes) {
        req.unpipe(upstream);
        upstream.destroy();
        fail(
          413,
          'PayloadTooLargeError',
          `the request body is larger than ${this.options.limits.maxRequestBytes} bytes`,
        );
      }
    });
    req.pipe(upstream);
  }

  private respond(
    plan: ProxyPlan,
    upstream: IncomingMessage,
    res: Response,
    proxyBase: string,
    on: {
      onBytes: (n: number) => void;
      onEnd: () => void;
      onCut: (message: string) => void;
      fail: (status: number, name: string, message: string) => void;
    },
  ) {
    const { maxResponseBytes } = this.options.limits;
    const encoding = upstream.headers['content-encoding'];
    if (encoding && encoding !== 'identity') {
      upstream.destroy();
      on.fail(
        502,
        'BadGatewayError',
        `integration ${plan.record.id} answered with a ${encoding}-encoded body, which the proxy cannot check for injected values`,
      );
      return;
    }
    if (Number(upstream.headers['content-length'] ?? 0) > maxResponseBytes) {
      upstream.destroy();
      on.fail(
        502,
        'BadGatewayError',
        `integration ${plan.record.id} answered with more than ${maxResponseBytes} bytes`,
      );
      return;
    }
    res.writeHead(
      upstream.statusCode ?? 502,
      callerResponseHeaders(
        upstream.headers,
        proxyLocation(upstream.headers.location, plan, proxyBase),
        redactionForms(plan.secrets),
      ),
    );
    res.flushHeaders();
    let received = 0;
    const cap = new Transform({
      transform(chunk: Buffer, _enc, callback) {
        received += chunk.length;
        if (received > maxResponseBytes) {
          callback(
            new Error(`the response was cut at ${maxResponseBytes} bytes`),
          );
          return;
        }
        callback(null, chunk);
      },
    });
    const counter = new Transform({
      transform(chunk: Buffer, _enc, callback) {
        on.onBytes(chunk.length);
        callback(null, chunk);
      },
    });
    pipeline(
      upstream,
      cap,
      new RedactingStream(plan.secrets),
      counter,
      res,
      error => {
        if (error)
          on.onCut(
            error.message.startsWith('the response was cut')
              ? error.message
              : 'the response stream broke',
          );
        else on.onEnd();
      },
    );
  }
}
