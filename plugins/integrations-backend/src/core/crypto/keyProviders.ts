import { Config } from '@backstage/config';
import { IntegrationsKeyProvider } from '@integrations-hub/backstage-plugin-integrations-node';
import { Keyring } from './keyring';
import { KeyringKeyProvider } from './keyringProvider';

const PROVIDER_CONFIG = 'integrationsHub.encryption.provider';

/**
 * The key providers this backend has: the built-in keyring (when
 * `integrationsHub.encryption.keys` is set) and those modules added. The
 * active one wraps new data keys; every one unwraps what it wrapped, so a
 * database moves from one provider to another while both are installed.
 */
export class KeyProviders {
  static fromConfig(
    config: Config,
    added: IntegrationsKeyProvider[],
  ): { providers: KeyProviders; keyring?: Keyring } {
    const activeId = config.getOptionalString(PROVIDER_CONFIG) ?? 'keyring';
    const hasKeys =
      (config.getOptionalConfigArray('integrationsHub.encryption.keys') ?? [])
        .length > 0;
    // The keyring is required when it is the provider; otherwise it only opens older values.
    const keyring =
      activeId === 'keyring' || hasKeys
        ? Keyring.fromConfig(config)
        : undefined;
    const all = keyring ? [new KeyringKeyProvider(keyring), ...added] : added;
    return { providers: new KeyProviders(all, activeId), keyring };
  }

  private readonly byId = new Map<string, IntegrationsKeyProvider>();
  readonly active: IntegrationsKeyProvider;

  constructor(providers: IntegrationsKeyProvider[], activeId: string) {
    for (const provider of providers) {
      if (this.byId.has(provider.id)) {
        throw new Error(
          `Integrations: two key providers share the id "${provider.id}"; install one module per provider`,
        );
      }
      this.byId.set(provider.id, provider);
    }
    const active = this.byId.get(activeId);
    if (!active) {
      throw new Error(
        `Integrations: ${PROVIDER_CONFIG} is "${activeId}", but no installed module adds that key provider ` +
          `(installed: ${
            [...this.byId.keys()].join(', ') || 'none'
          }); add its module with backend.add`,
      );
    }
    this.active = active;
  }

  /** The provider that wrapped a stored data key, if it is installed. */
  get(id: string): IntegrationsKeyProvider | undefined {
    return this.byId.get(id);
  }

  get ids(): string[] {
    return [...this.byId.keys()];
  }
}
