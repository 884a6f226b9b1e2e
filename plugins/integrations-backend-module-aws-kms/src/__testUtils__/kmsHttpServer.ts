import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { FakeKms } from './fakeKms';

/** What the local endpoint received: the operation, headers and JSON body. */
export interface KmsHttpRequest {
  target: string;
  headers: IncomingMessage['headers'];
  body: Record<string, any>;
}

type Answer =
  | { status: number; error: string; message: string }
  | { status: number; raw: string }
  | 'hang';

/**
 * A local HTTP endpoint speaking KMS's JSON protocol (awsJson1_1) in front of
 * a {@link FakeKms}, so the real SDK client signs, serializes, retries, times
 * out and parses errors as it would against AWS.
 */
export class KmsHttpServer {
  readonly requests: KmsHttpRequest[] = [];
  /** When set, every request gets this answer instead of the fake's. */
  answer?: Answer;
  readonly #server: Server;

  private constructor(readonly kms: FakeKms) {
    this.#server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', chunk => chunks.push(chunk));
      req.on('end', () => {
        const target = String(req.headers['x-amz-target'] ?? '');
        const body = JSON.parse(Buffer.concat(chunks).toString() || '{}');
        this.requests.push({ target, headers: req.headers, body });
        const reply = (status: number, json: object) => {
          res.writeHead(status, {
            'content-type': 'application/x-amz-json-1.1',
          });
          res.end(JSON.stringify(json));
        };
        const answer = this.answer;
        if (answer === 'hang') return;
        if (answer && 'raw' in answer) {
          res.writeHead(answer.status, { 'content-type': 'text/html' });
          res.end(answer.raw);
          return;
        }
        if (answer) {
          reply(answer.status, {
            __type: answer.error,
            message: answer.message,
          });
          return;
        }
        try {
          reply(200, this.#call(target, body));
        } catch (error: any) {
          reply(400, { __type: error.name, message: error.message });
        }
      });
    });
  }

  static async start(kms: FakeKms): Promise<KmsHttpServer> {
    const server = new KmsHttpServer(kms);
    await new Promise<void>(done =>
      server.#server.listen(0, '127.0.0.1', done),
    );
    return server;
  }

  get endpoint(): string {
    const { port } = this.#server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  hits(operation: string): number {
    return this.requests.filter(r => r.target === `TrentService.${operation}`)
      .length;
  }

  async stop(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise(done => this.#server.close(done));
  }

  #call(target: string, body: Record<string, any>): object {
    const blob = (field: string) =>
      body[field] ? Buffer.from(body[field], 'base64') : undefined;
    switch (target) {
      case 'TrentService.Encrypt': {
        const out = this.kms.encrypt({
          KeyId: body.KeyId,
          EncryptionContext: body.EncryptionContext,
          Plaintext: blob('Plaintext'),
        });
        return {
          KeyId: out.KeyId,
          CiphertextBlob: Buffer.from(out.CiphertextBlob).toString('base64'),
        };
      }
      case 'TrentService.Decrypt': {
        const out = this.kms.decrypt({
          KeyId: body.KeyId,
          EncryptionContext: body.EncryptionContext,
          CiphertextBlob: blob('CiphertextBlob'),
        });
        return {
          KeyId: out.KeyId,
          Plaintext: Buffer.from(out.Plaintext).toString('base64'),
        };
      }
      case 'TrentService.DescribeKey':
        return this.kms.describe({ KeyId: body.KeyId });
      default:
        throw Object.assign(new Error(`not served: ${target}`), {
          name: 'UnsupportedOperationException',
        });
    }
  }
}
