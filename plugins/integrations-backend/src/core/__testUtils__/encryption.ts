import { randomBytes } from 'node:crypto';
import { Knex } from 'knex';
import { LoggerService } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { IntegrationsKeyProvider } from '@integrations-hub/backstage-plugin-integrations-node';
import { CredentialOpener } from '../crypto/CredentialOpener';
import { DataKeys } from '../crypto/DataKeys';
import { Keyring } from '../crypto/keyring';
import { KeyProviders } from '../crypto/keyProviders';
import { KeyringKeyProvider } from '../crypto/keyringProvider';
import { DataKeysStore } from '../store/DataKeysStore';

/**
 * An opener on a migrated test database: the keyring as key provider (and
 * for values sealed directly under it) unless `providers` are given.
 */
export function testEncryption(
  knex: Knex,
  options: {
    keyring?: Keyring;
    providers?: IntegrationsKeyProvider[];
    active?: string;
    cacheMs?: number;
    now?: () => number;
    logger?: LoggerService;
  } = {},
) {
  const keyring =
    options.keyring ??
    (options.providers
      ? undefined
      : new Keyring([{ id: 'k1', secret: randomBytes(32) }]));
  const logger = options.logger ?? mockServices.logger.mock();
  const providers = new KeyProviders(
    [
      ...(keyring ? [new KeyringKeyProvider(keyring)] : []),
      ...(options.providers ?? []),
    ],
    options.active ?? 'keyring',
  );
  const store = new DataKeysStore(knex);
  const dataKeys = new DataKeys({
    store,
    providers,
    logger,
    cacheMs: options.cacheMs ?? 60_000,
    now: options.now,
  });
  return {
    opener: new CredentialOpener(dataKeys, logger, keyring),
    dataKeys,
    store,
    providers,
    keyring,
    logger,
  };
}
