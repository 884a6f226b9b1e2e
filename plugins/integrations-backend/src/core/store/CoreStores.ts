import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { AssignmentsStore } from './AssignmentsStore';
import { CredentialMaintenanceStore } from './CredentialMaintenanceStore';
import { CredentialVersionsStore } from './CredentialVersionsStore';
import { DataKeysStore } from './DataKeysStore';
import { HistoryStore } from './HistoryStore';
import { IntegrationsStore } from './IntegrationsStore';
import { ServiceCalls } from './ServiceCalls';
import { UsageStore } from './UsageStore';

/** The core's stores on one database. */
export interface CoreStores {
  db: Knex;
  integrations: IntegrationsStore;
  history: HistoryStore;
  versions: CredentialVersionsStore;
  /** Re-encryption, key counts and credential ages. */
  maintenance: CredentialMaintenanceStore;
  /** Wrapped data keys (envelope encryption). */
  dataKeys: DataKeysStore;
  assignments: AssignmentsStore;
  usage: UsageStore;
  /** Resolves in flight, which list queries make room for. */
  serviceCalls: ServiceCalls;
}

/** The stores on a migrated database; `versionsKept` previous values per credential. */
export function coreStores(db: Knex, versionsKept = 3): CoreStores {
  const versions = new CredentialVersionsStore(db, versionsKept);
  const serviceCalls = new ServiceCalls();
  return {
    db,
    integrations: new IntegrationsStore(db, versions, serviceCalls),
    history: new HistoryStore(db),
    versions,
    maintenance: new CredentialMaintenanceStore(db),
    dataKeys: new DataKeysStore(db),
    assignments: new AssignmentsStore(db),
    usage: new UsageStore(db),
    serviceCalls,
  };
}

/**
 * The plugin's database, migrated to the latest schema (the migrations ship
 * beside the code, one folder for the core and its add-ons), and the core's
 * stores on it. Migrations are skipped when the database service says so.
 */
export async function createCoreStores(options: {
  database: DatabaseService;
  versionsKept?: number;
  skipMigrations?: boolean;
}): Promise<CoreStores> {
  const { database } = options;
  const db = await database.getClient();
  if (!(options.skipMigrations ?? database.migrations?.skip)) {
    await db.migrate.latest({
      directory: resolvePackagePath(
        '@integrations-hub/backstage-plugin-integrations-backend',
        'migrations',
      ),
    });
  }
  return coreStores(db, options.versionsKept);
}
