import { ConfigReader } from '@backstage/config';
import {
  readSection,
  readIntegrationTypes,
  readUsageFlushSeconds,
  withMovedSettings,
} from './config';
import { Keyring } from './crypto/keyring';

const KEY = { id: 'k1', secret: Buffer.alloc(32, 1).toString('base64') };

describe('settings under integrationsHub', () => {
  it('reads settings still under core integrations, naming the new key', () => {
    const { config, deprecations } = withMovedSettings(
      new ConfigReader({
        integrations: {
          github: [{ host: 'github.com' }],
          types: [{ id: 'ai', title: 'AI' }],
          encryption: { keys: [KEY] },
        },
      }),
    );
    expect(deprecations).toEqual([
      'integrations.types is deprecated: move it to integrationsHub.types (read through 0.4.x)',
      'integrations.encryption is deprecated: move it to integrationsHub.encryption (read through 0.4.x)',
    ]);
    expect(readIntegrationTypes(config).map(t => t.id)).toEqual(['ai']);
    expect(() => Keyring.fromConfig(config)).not.toThrow();
    expect(config.getOptionalConfigArray('integrations.github')).toHaveLength(
      1,
    );
  });

  it('prefers the new key when both are set', () => {
    const { config, deprecations } = withMovedSettings(
      new ConfigReader({
        integrations: { types: [{ id: 'old', title: 'Old' }] },
        integrationsHub: { types: [{ id: 'new', title: 'New' }] },
      }),
    );
    expect(deprecations).toEqual([]);
    expect(readIntegrationTypes(config).map(t => t.id)).toEqual(['new']);
  });

  it("leaves core's SCM integrations alone", () => {
    const original = new ConfigReader({
      integrations: { github: [{ host: 'github.com' }] },
      integrationsHub: { types: [] },
    });
    const { config, deprecations } = withMovedSettings(original);
    expect(deprecations).toEqual([]);
    expect(config).toBe(original);
  });
});

describe('usage flush interval', () => {
  const read = (usage?: object) =>
    readUsageFlushSeconds(
      new ConfigReader(usage ? { integrationsHub: { usage } } : {}),
    );

  it('writes counts once a minute unless told otherwise', () => {
    expect(read()).toBe(60);
    expect(read({ flushIntervalSeconds: 5 })).toBe(5);
  });

  it('refuses an interval under a second, naming the key', () => {
    expect(() => read({ flushIntervalSeconds: 0 })).toThrow(
      /integrationsHub\.usage\.flushIntervalSeconds/,
    );
  });
});

describe('an add-on section', () => {
  const section = (value: object) =>
    readSection(
      new ConfigReader({ integrationsHub: { proxy: value } }),
      'integrationsHub.proxy',
    );

  it('reads numbers in range and falls back when absent', () => {
    const read = section({ limit: 5 });
    expect(read.number('limit', 1, 1, 10)).toBe(5);
    expect(read.number('other', 7, 1, 10)).toBe(7);
  });

  it.each([
    [{ limit: 11 }, 'integrationsHub.proxy.limit must be between 1 and 10'],
    [
      { allowedCidrs: ['10.0.0.0/8', 'nope'] },
      'integrationsHub.proxy.allowedCidrs[1]',
    ],
    [
      { types: { unknown: {} } },
      'integrationsHub.proxy.types.unknown: no integration type',
    ],
  ])('names the key of a broken entry: %j', (value, message) => {
    const read = section(value);
    expect(() => {
      read.number('limit', 1, 1, 10);
      read.allowedCidrs();
      read.types(['ai']);
    }).toThrow(message);
  });

  it('gives each type entry with its full key', () => {
    const read = section({ types: { ai: { enabled: true } } });
    expect(
      read.types(['ai']).map(t => [t.typeId, t.key, t.entry.get()]),
    ).toEqual([['ai', 'integrationsHub.proxy.types.ai', { enabled: true }]]);
  });
});
