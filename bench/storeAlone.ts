// What a case costs below HTTP and the framework: the plugin's store answering
// the case's query (one statement, rows parsed into records) with 10 in flight,
// in the bench's own process against the backend's database while the backend
// idles. A request that is the floor's work plus this work can answer at most
// S / (F + S) of the floor on the same cores (F, S: floor and store rates).
import { Knex } from 'knex';
import { IntegrationsStore } from '../plugins/integrations-backend/src/core/store/IntegrationsStore';
import {
  IntegrationList,
  ListOptions,
} from '../plugins/integrations-backend/src/core/store/IntegrationList';

/** The store call a case's path makes, or undefined when it is not a list or a get. */
function storeCall(
  db: Knex,
  lister: IntegrationList,
  path: string,
): (() => Promise<unknown>) | undefined {
  const url = new URL(path, 'http://bench');
  const get = url.pathname.match(/\/integrations\/([0-9a-f-]{36})$/);
  if (get) {
    const store = new IntegrationsStore(db);
    return () => store.getForDisplay(get[1]);
  }
  if (!url.pathname.endsWith('/integrations')) return undefined;
  const query = url.searchParams;
  const options: ListOptions = {
    limit: Number(query.get('limit') ?? 50),
    q: query.get('q') ?? undefined,
    types: query.getAll('type').length > 0 ? query.getAll('type') : undefined,
    project: query.get('project') ?? undefined,
    cursor: query.get('cursor') ?? undefined,
  };
  return () => lister.list(options);
}

/** Store calls per second for the case's path, or undefined for other cases. */
export async function storeRate(
  db: Knex,
  path: string,
  seconds: number,
  connections = 10,
): Promise<number | undefined> {
  // The backend's list guard (4 at once), and its trigram shares sampled before.
  const lister = new IntegrationList(db);
  const call = storeCall(db, lister, path);
  if (!call) return undefined;
  await lister.trigrams?.refresh();
  const run = async (ms: number) => {
    const until = Date.now() + ms;
    let done = 0;
    await Promise.all(
      Array.from({ length: connections }, async () => {
        while (Date.now() < until) {
          await call();
          done += 1;
        }
      }),
    );
    return done / (ms / 1000);
  };
  await run(1000);
  return run(seconds * 1000);
}
