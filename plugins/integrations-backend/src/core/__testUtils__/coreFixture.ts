import { randomBytes } from 'node:crypto';
import { Knex } from 'knex';
import {
  PermissionsService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { IntegrationType } from '@integrations-hub/backstage-plugin-integrations-common';
import { Keyring } from '../crypto/keyring';
import { createIntegrationsCore } from '../createIntegrationsCore';
import { SecretAccessGuard } from '../credentials/SecretAccessGuard';
import { coreStores } from '../store/CoreStores';
import { RollbackListener } from '../versions/CredentialVersions';

export const CORE_TYPES: IntegrationType[] = [
  { id: 'payments', title: 'Payments', rotationOverlapMinutes: 60 },
  { id: 'ai', title: 'AI', rotationPeriodDays: 90 },
];

/** A settable clock, so tests can step past an overlap window. */
export function testClock(start = new Date()) {
  let now = start;
  const clock = () => now;
  /** Sets the time to `minutes` after `base`. */
  clock.set = (base: Date, minutes: number) => {
    now = new Date(base.getTime() + minutes * 60_000);
  };
  return clock;
}

/** The real services and stores on a migrated test database, allow-all permissions. */
export async function coreFixture(
  knex: Knex,
  options: {
    clock?: () => Date;
    versionsKept?: number;
    listener?: RollbackListener;
    keyring?: Keyring;
    permissions?: PermissionsService;
  } = {},
) {
  await knex.migrate.latest({
    directory: resolvePackagePath(
      '@integrations-hub/backstage-plugin-integrations-backend',
      'migrations',
    ),
  });
  const keyring =
    options.keyring ?? new Keyring([{ id: 'k1', secret: randomBytes(32) }]);
  const logger = mockServices.logger.mock();
  const stores = coreStores(knex, options.versionsKept ?? 3);
  const core = createIntegrationsCore({
    stores,
    keyring,
    types: CORE_TYPES,
    logger,
    permissions: options.permissions ?? mockServices.permissions(),
    guard: new SecretAccessGuard(true),
    clock: options.clock,
    listeners: { rollbacks: options.listener },
  });
  return {
    ...core,
    keyring,
    logger,
    store: stores.integrations,
    versionsStore: stores.versions,
  };
}
