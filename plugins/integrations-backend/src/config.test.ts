import { ConfigReader } from '@backstage/config';
import { findMovedSettings } from './config';
import { Keyring } from './crypto/keyring';

describe('settings under integrationsHub', () => {
  it('names the new key for each setting still under core integrations', () => {
    const config = new ConfigReader({
      integrations: {
        github: [{ host: 'github.com' }],
        types: [{ id: 'ai', title: 'AI' }],
        encryption: { keys: [] },
      },
    });
    expect(findMovedSettings(config)).toEqual([
      'integrations.types is no longer read: move it to integrationsHub.types',
      'integrations.encryption is no longer read: move it to integrationsHub.encryption',
    ]);
  });

  it("leaves core's SCM integrations alone", () => {
    const config = new ConfigReader({
      integrations: { github: [{ host: 'github.com' }] },
      integrationsHub: { types: [] },
    });
    expect(findMovedSettings(config)).toEqual([]);
  });

  it('says where the keys went when only the old key is set', () => {
    const config = new ConfigReader({
      integrations: {
        encryption: { keys: [{ id: 'k1', secret: 'x'.repeat(44) }] },
      },
    });
    expect(() => Keyring.fromConfig(config)).toThrow(
      /integrations\.encryption is no longer read.*integrationsHub\.encryption\.keys/,
    );
  });
});
