import { ConfigReader } from '@backstage/config';
import { readPkcs11Settings } from './config';

const read = (pkcs11?: Record<string, string | number | undefined>) =>
  readPkcs11Settings(
    new ConfigReader({ integrationsHub: { encryption: { pkcs11 } } }),
  );

const valid = {
  libraryPath: '/usr/lib/softhsm/libsofthsm2.so',
  tokenLabel: 'integrations',
  pin: '1234',
  keyLabel: 'kek-1',
};

describe('readPkcs11Settings', () => {
  it('reads a token by label, with a reconnect every 5 seconds by default', () => {
    expect(read(valid)).toEqual({
      libraryPath: '/usr/lib/softhsm/libsofthsm2.so',
      token: { tokenLabel: 'integrations' },
      pin: '1234',
      keyLabel: 'kek-1',
      previousKeyLabels: [],
      reconnectIntervalMs: 5000,
    });
  });

  it('reads a token by slot id', () => {
    const { tokenLabel, ...bySlot } = valid;
    expect(
      read({ ...bySlot, slotId: 7, reconnectIntervalSeconds: 0.5 }),
    ).toMatchObject({
      token: { slotId: 7 },
      reconnectIntervalMs: 500,
    });
  });

  it.each([
    [
      'no section',
      undefined,
      /needs integrationsHub\.encryption\.pkcs11 \(libraryPath/,
    ],
    [
      'a label and a slot',
      { ...valid, slotId: 1 },
      /exactly one of integrationsHub\.encryption\.pkcs11\.tokenLabel and integrationsHub\.encryption\.pkcs11\.slotId/,
    ],
    [
      'neither label nor slot',
      { ...valid, tokenLabel: undefined },
      /exactly one of/,
    ],
    [
      'a negative slot',
      { ...valid, tokenLabel: undefined, slotId: -1 },
      /slotId must be a whole number/,
    ],
    [
      'another mechanism',
      { ...valid, mechanism: 'CKM_AES_KEY_WRAP_PAD' },
      /mechanism must be CKM_AES_GCM \(got "CKM_AES_KEY_WRAP_PAD"\)/,
    ],
    [
      'a negative interval',
      { ...valid, reconnectIntervalSeconds: -1 },
      /reconnectIntervalSeconds must be 0 or more/,
    ],
    [
      'a blank key label',
      { ...valid, keyLabel: ' ' },
      /keyLabel must not be empty/,
    ],
    ['no PIN', { ...valid, pin: undefined }, /pin/],
  ])('stops at start on %s, naming the key', (_, pkcs11, message) => {
    expect(() => read(pkcs11)).toThrow(message);
  });

  it('never puts the PIN into an error', () => {
    expect(() => read({ ...valid, pin: 'pin-canary-55', slotId: 2 })).toThrow(
      expect.not.objectContaining({
        message: expect.stringContaining('canary'),
      }),
    );
  });
});
