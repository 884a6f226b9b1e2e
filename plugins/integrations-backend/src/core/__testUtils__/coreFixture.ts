import { randomBytes } from 'node:crypto';
import { Knex } from 'knex';
import {
  PermissionsService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { IntegrationType } from '@integrations-hub/backstage-plugin-integrations-common';
import { Keyring } from '../crypto/keyring';
import { AssignmentsStore } from '../store/AssignmentsStore';
import { CredentialVersionsStore } from '../store/CredentialVersionsStore';
import { IntegrationsStore } from '../store/IntegrationsStore';
import { ProjectAssignments } from '../assignments/ProjectAssignments';
import { CredentialAccess } from '../credentials/CredentialAccess';
import { IntegrationsService } from '../integrations/IntegrationsService';
import { SecretAccessGuard } from '../credentials/SecretAccessGuard';
import {
  CredentialVersions,
  RollbackListener,
} from '../versions/CredentialVersions';

export const OPERATE_TYPES: IntegrationType[] = [
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
export async function operateFixture(
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
  const versionsStore = new CredentialVersionsStore(
    knex,
    options.versionsKept ?? 3,
  );
  const store = new IntegrationsStore(knex, versionsStore);
  const integrations = new IntegrationsService({
    store,
    keyring,
    types: OPERATE_TYPES,
    permissions: options.permissions ?? mockServices.permissions(),
  });
  const versions = new CredentialVersions({
    integrations,
    store: versionsStore,
    keyring,
    logger,
    types: OPERATE_TYPES,
    listener: options.listener,
    clock: options.clock,
  });
  const credentialAccess = new CredentialAccess({
    integrations,
    store,
    keyring,
    logger,
    guard: new SecretAccessGuard(true),
    versions,
  });
  const assignments = new ProjectAssignments(
    integrations,
    new AssignmentsStore(knex),
    options.clock,
  );
  return {
    keyring,
    logger,
    store,
    versionsStore,
    integrations,
    versions,
    credentialAccess,
    assignments,
  };
}
