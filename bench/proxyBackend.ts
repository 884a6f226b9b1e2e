// The backend of the proxy case, in its own process: the integrations plugin on
// SQLite with permissions allowing all, the proxy on for type "ai" and one
// integration at the upstream; tells the parent the proxy URL and headers.
// Its logs (debug, as in the plugin's tests) go nowhere: the parent ignores them.
import { AddressInfo } from 'node:net';
import knexFactory from 'knex';
import {
  integrationBody,
  integrationsTestConfig,
  startIntegrationsBackend,
  userHeader,
} from '../plugins/integrations-backend/src/testUtils';

const PROJECT = 'component:default/checkout';

async function main() {
  const upstream = process.argv[2];
  const config = integrationsTestConfig() as any;
  config.integrationsHub.proxy = {
    allowedCidrs: ['127.0.0.1/32'],
    concurrencyPerIntegration: 10_000,
    ratePerCallerPerMinute: 1_000_000,
    types: {
      ai: {
        enabled: true,
        paths: ['/**'],
        auth: {
          type: 'header',
          name: 'Authorization',
          value: 'Bearer {API_KEY}',
        },
      },
    },
  };
  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: ':memory:',
    useNullAsDefault: true,
  });
  // Permissions allow all; the caller is a user, as a frontend plugin's would be.
  const backend = await startIntegrationsBackend({ knex, config });
  const { port } = backend.server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}/api/integrations`;
  const res = await fetch(`${base}/integrations`, {
    method: 'POST',
    headers: {
      authorization: userHeader(),
      'content-type': 'application/json',
    },
    body: JSON.stringify(
      integrationBody({
        urls: [{ url: `${upstream}/v1` }],
        projects: [PROJECT],
      }),
    ),
  });
  if (res.status !== 201)
    throw new Error(`create: ${res.status} ${await res.text()}`);
  const { id } = (await res.json()) as { id: string };
  process.send?.({
    ready: true,
    url: `${base}/proxy/${id}`,
    headers: {
      authorization: userHeader('user:default/bench'),
      'x-integrations-project': PROJECT,
    },
  });
  process.on('SIGTERM', async () => {
    await backend.stop();
    process.exit(0);
  });
}

main().catch(error => {
  // eslint-disable-next-line no-console
  console.error(error);
  process.exit(1);
});
