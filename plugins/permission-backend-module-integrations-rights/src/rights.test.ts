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

  it('stops at start when rights are still under core integrations', () => {
    const config = new ConfigReader({
      integrations: { rights: { manageAll: ['group:default/platform'] } },
    });
    expect(() => IntegrationsRights.fromConfig(config)).toThrow(
      'integrations.rights is no longer read: move it to integrationsHub.rights',
    );
  });
});
