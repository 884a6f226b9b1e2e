import { ConfigReader } from '@backstage/config';
import { IntegrationsRights } from './rights';

describe('IntegrationsRights', () => {
  it('reads the rights from integrationsHub.rights', () => {
    const rights = IntegrationsRights.fromConfig(
      new ConfigReader({
        integrationsHub: {
          rights: {
            manageAll: ['group:default/Platform'],
            manageOwn: ['user:default/pat'],
          },
        },
      }),
    );
    expect(rights.rightOf(['group:default/platform'])).toBe('manageAll');
    expect(rights.rightOf(['user:default/pat'])).toBe('manageOwn');
    expect(rights.rightOf(['user:default/guest'])).toBe('none');
  });

  it('still reads rights under core integrations, with a deprecation', () => {
    const config = new ConfigReader({
      integrations: { rights: { manageAll: ['group:default/platform'] } },
    });
    const deprecations: string[] = [];
    const rights = IntegrationsRights.fromConfig(config, m =>
      deprecations.push(m),
    );
    expect(rights.rightOf(['group:default/platform'])).toBe('manageAll');
    expect(deprecations).toEqual([
      'integrations.rights is deprecated: move it to integrationsHub.rights (read through 0.4.x)',
    ]);
  });
});
