import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { mockServices } from '@backstage/backend-test-utils';
import { CredentialInput } from '@integrations-hub/backstage-plugin-integrations-common';
import { IntegrationsNodeClient } from './IntegrationsNodeClient';

describe('IntegrationsNodeClient and write-only credentials', () => {
  let server: Server;
  let baseUrl: string;
  const bodies: string[] = [];
  let answer: { status: number; body: unknown };

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', chunk => {
        body += chunk;
      });
      req.on('end', () => {
        bodies.push(body);
        res.writeHead(answer.status, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(answer.body));
      });
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${
      (server.address() as AddressInfo).port
    }/api/integrations`;
  });
  afterAll(async () => {
    await new Promise(resolve => server.close(resolve));
  });

  const client = () =>
    new IntegrationsNodeClient({
      auth: mockServices.auth(),
      discovery: {
        getBaseUrl: async () => baseUrl,
        getExternalBaseUrl: async () => baseUrl,
      },
      logger: mockServices.logger.mock(),
    });

  it('sends writeOnly with a credential and reads it back on the summary', async () => {
    const credential: CredentialInput = {
      key: 'API_KEY',
      value: 'v',
      writeOnly: true,
    };
    answer = {
      status: 201,
      body: {
        id: 'a',
        credentials: [{ key: 'API_KEY', hasValue: true, writeOnly: true }],
      },
    };
    const created = await client().createIntegration(
      {
        name: 'Stripe',
        type: 'payments',
        urls: [],
        projects: [],
        credentials: [credential],
      },
      {},
    );
    expect(JSON.parse(bodies[bodies.length - 1]).credentials).toEqual([
      { key: 'API_KEY', value: 'v', writeOnly: true },
    ]);
    expect(created.credentials[0].writeOnly).toBe(true);
  });

  it('throws the 403 that names a write-only credential on reveal', async () => {
    answer = {
      status: 403,
      body: {
        error: {
          name: 'NotAllowedError',
          message:
            'Credential "API_KEY" of integration "Stripe" (a) is write-only',
        },
        response: { statusCode: 403 },
      },
    };
    const error = await client()
      .revealCredential('a', 'API_KEY', {})
      .catch(e => e);
    expect(error.name).toBe('ResponseError');
    expect(error.statusCode).toBe(403);
    expect(error.cause.message).toContain('is write-only');
  });
});
