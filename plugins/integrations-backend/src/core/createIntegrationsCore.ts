import {
  AuthService,
  LoggerService,
  PermissionsRegistryService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { IntegrationType } from '@integrations-hub/backstage-plugin-integrations-common';
import { ProjectAssignments } from './assignments/ProjectAssignments';
import { CredentialAccess } from './credentials/CredentialAccess';
import { CredentialExchange } from './credentials/CredentialExchange';
import { CredentialOpener } from './crypto/CredentialOpener';
import { SecretAccessGuard } from './credentials/SecretAccessGuard';
import { DataKeys } from './crypto/DataKeys';
import { Keyring } from './crypto/keyring';
import { KeyProviders } from './crypto/keyProviders';
import { KeyringKeyProvider } from './crypto/keyringProvider';
import { ChangeListener } from './integrations/changes';
import { IntegrationsService } from './integrations/IntegrationsService';
import { IntegrationsAuthorizer } from './permissions/authorization';
import { IntegrationGate } from './permissions/IntegrationGate';
import { ProjectLoader } from './permissions/projects';
import { CoreStores } from './store/CoreStores';
import { IntegrationUsageService } from './usage/IntegrationUsageService';
import { UsageRecorder } from './usage/UsageRecorder';
import {
  CredentialVersions,
  RollbackListener,
} from './versions/CredentialVersions';

const DEFAULT_DATA_KEY_CACHE_MS = 5 * 60_000;

interface IntegrationsCoreOptions {
  stores: CoreStores;
  /** Opens values sealed directly under it; the only key provider when `keyProviders` is left out. */
  keyring?: Keyring;
  /** Wrap and unwrap the data keys values are sealed under. */
  keyProviders?: KeyProviders;
  /** How long an unwrapped data key is kept in memory. Default: 5 minutes. */
  dataKeyCacheMs?: number;
  types: IntegrationType[];
  logger: LoggerService;
  permissions: PermissionsService;
  /** Its rulesets, so rules added by modules apply too; our own rules without it. */
  permissionsRegistry?: PermissionsRegistryService;
  /** Lets one user's requests share a decision that guards no value. */
  auth?: AuthService;
  decisionReuseMs?: number;
  /** Catalog entities for CONDITIONAL assign decisions. */
  projects?: ProjectLoader;
  /** Reveal and resolve for users while permissions are off: refused unless opted out. */
  guard: SecretAccessGuard;
  /** Counts uses of resolve; left out, uses are not counted. */
  usage?: UsageRecorder;
  unusedAfterDays?: number;
  clock?: () => Date;
  /** Changes values after they open, for resolve and the proxy (an add-on: OAuth tokens). */
  exchange?: CredentialExchange;
  /** What add-ons are told: committed changes and rollbacks. */
  listeners?: { changes?: ChangeListener; rollbacks?: RollbackListener };
}

/** The core's services, built once and shared: one authorizer, one gate, one opener. */
export interface IntegrationsCore {
  stores: CoreStores;
  authorizer: IntegrationsAuthorizer;
  gate: IntegrationGate;
  opener: CredentialOpener;
  dataKeys: DataKeys;
  integrations: IntegrationsService;
  credentialAccess: CredentialAccess;
  versions: CredentialVersions;
  assignments: ProjectAssignments;
  usage: IntegrationUsageService;
}

export function createIntegrationsCore(
  options: IntegrationsCoreOptions,
): IntegrationsCore {
  const { stores, logger, types } = options;
  const changes = options.listeners?.changes;
  const authorizer = IntegrationsAuthorizer.create({
    permissions: options.permissions,
    permissionsRegistry: options.permissionsRegistry,
    auth: options.auth,
    decisionReuseMs: options.decisionReuseMs,
    projects: options.projects,
  });
  const gate = new IntegrationGate(stores.integrations, authorizer);
  const providers =
    options.keyProviders ??
    new KeyProviders([new KeyringKeyProvider(options.keyring!)], 'keyring');
  const dataKeys = new DataKeys({
    store: stores.dataKeys,
    providers,
    logger,
    cacheMs: options.dataKeyCacheMs ?? DEFAULT_DATA_KEY_CACHE_MS,
  });
  const opener = new CredentialOpener(dataKeys, logger, options.keyring);
  const versions = new CredentialVersions({
    gate,
    store: stores.versions,
    opener,
    logger,
    types,
    listener: options.listeners?.rollbacks,
    changes,
    clock: options.clock,
  });
  return {
    stores,
    authorizer,
    gate,
    opener,
    dataKeys,
    integrations: new IntegrationsService({
      store: stores.integrations,
      history: stores.history,
      opener,
      types,
      authorizer,
      gate,
      changes,
      unusedAfterDays: options.unusedAfterDays,
    }),
    credentialAccess: new CredentialAccess({
      gate,
      store: stores.integrations,
      history: stores.history,
      opener,
      guard: options.guard,
      versions,
      usage: options.usage,
      exchange: options.exchange,
      serviceCalls: stores.serviceCalls,
    }),
    versions,
    assignments: new ProjectAssignments(
      gate,
      stores.assignments,
      options.clock,
      changes,
    ),
    usage: new IntegrationUsageService(gate, stores.usage),
  };
}
