import { Config } from '@backstage/config';

/**
 * The rights of the Integrations module, as the product names them.
 *
 * @public
 */
export type IntegrationsRight = 'manageAll' | 'manageOwn' | 'none';

const normalize = (ref: string) => ref.toLocaleLowerCase('en-US');

/**
 * Who holds manageAll and manageOwn, from `integrationsHub.rights` in app-config,
 * so a platform team changes rights without code.
 *
 * @public
 */
export class IntegrationsRights {
  static fromConfig(
    config: Config,
    onDeprecated: (message: string) => void = () => {},
  ): IntegrationsRights {
    let key = 'integrationsHub.rights';
    if (!config.has(key) && config.has('integrations.rights')) {
      // Before 0.3.0 the rights lived under core's `integrations` key; read through 0.3.x.
      key = 'integrations.rights';
      onDeprecated(
        'integrations.rights is deprecated: move it to integrationsHub.rights (read through 0.4.x)',
      );
    }
    return new IntegrationsRights({
      manageAll: config.getOptionalStringArray(`${key}.manageAll`) ?? [],
      manageOwn: config.getOptionalStringArray(`${key}.manageOwn`) ?? [],
    });
  }

  private readonly manageAll: Set<string>;
  private readonly manageOwn: Set<string>;

  constructor(refs: { manageAll: string[]; manageOwn: string[] }) {
    this.manageAll = new Set(refs.manageAll.map(normalize));
    this.manageOwn = new Set(refs.manageOwn.map(normalize));
  }

  /** The strongest right held through any of the user's ownership refs (user + groups). */
  rightOf(ownershipEntityRefs: string[]): IntegrationsRight {
    const refs = ownershipEntityRefs.map(normalize);
    if (refs.some(r => this.manageAll.has(r))) return 'manageAll';
    if (refs.some(r => this.manageOwn.has(r))) return 'manageOwn';
    return 'none';
  }
}
