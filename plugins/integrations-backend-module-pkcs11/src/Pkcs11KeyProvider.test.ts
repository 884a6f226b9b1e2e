import { randomBytes } from 'node:crypto';
import { ConfigReader } from '@backstage/config';
import { mockServices } from '@backstage/backend-test-utils';
import { IntegrationsWrappedKey } from '@integrations-hub/backstage-plugin-integrations-node';
import * as pkcs11js from 'pkcs11js';
import { Pkcs11KeyProvider } from './Pkcs11KeyProvider';
import {
  softHsmMissing,
  SOFTHSM_LIBRARY,
  SoftHsmToken,
} from './__testUtils__/softHsm';

jest.setTimeout(30_000);

const describeWithSoftHsm = softHsmMissing() ? describe.skip : describe;

describeWithSoftHsm('Pkcs11KeyProvider against SoftHSM2', () => {
  let token: SoftHsmToken;
  let provider: Pkcs11KeyProvider | undefined;
  const logger = mockServices.logger.mock();

  const start = (keyLabel = 'kek-1', overrides = {}) => {
    provider = Pkcs11KeyProvider.fromConfig(
      new ConfigReader({
        integrationsHub: {
          encryption: { pkcs11: token.config(keyLabel, overrides) },
        },
      }),
      { logger },
    );
    return provider;
  };

  // What a caller can see of an error: none of it may hold key material or the PIN.
  const failureOf = async (promise: Promise<unknown>) => {
    const error = await promise.then(
      () => undefined,
      e => e,
    );
    expect(error).toBeInstanceOf(Error);
    return error as Error;
  };

  beforeAll(() => {
    token = new SoftHsmToken();
    token.generateKey('kek-1');
    token.generateKey('kek-2');
  });

  afterEach(async () => {
    await provider?.close();
    provider = undefined;
  });

  afterAll(() => token.dispose());

  it('wraps a data key in the token and unwraps it again', async () => {
    const hsm = start();
    const dataKey = randomBytes(32);
    const wrapped = await hsm.wrapKey(dataKey, { dataKeyId: 'dk-1' });

    expect(hsm.activeKeyId()).toBe('kek-1');
    expect(wrapped.keyId).toBe('kek-1');
    expect(wrapped.wrapped).toMatch(/^v1\.[\w-]{16}\.[\w-]{64}$/);
    expect(wrapped.wrapped).not.toContain(dataKey.toString('base64url'));
    await expect(
      hsm.unwrapKey(wrapped, { dataKeyId: 'dk-1' }),
    ).resolves.toEqual(dataKey);
    // A random IV per wrap: the same key wraps differently each time.
    const again = await hsm.wrapKey(dataKey, { dataKeyId: 'dk-1' });
    expect(again.wrapped).not.toBe(wrapped.wrapped);
  });

  it('rejects a wrapped key moved to another data key id (AAD), and keeps working', async () => {
    const hsm = start();
    const dataKey = randomBytes(32);
    const wrapped = await hsm.wrapKey(dataKey, { dataKeyId: 'dk-1' });

    const error = await failureOf(
      hsm.unwrapKey(wrapped, { dataKeyId: 'dk-2' }),
    );
    expect(error.name).toBe('IntegrationsKeyRejectedError');
    expect(error.message).toBe(
      'PKCS#11 token "integrations": key "kek-1" does not open this data key (wrapped for another key or data key, or altered)',
    );
    await expect(
      hsm.unwrapKey(wrapped, { dataKeyId: 'dk-1' }),
    ).resolves.toEqual(dataKey);
  });

  it('rejects altered bytes, another format and a key id naming the wrong key', async () => {
    const hsm = start('kek-1', { previousKeyLabels: ['kek-2', 'kek-gone'] });
    const wrapped = await hsm.wrapKey(randomBytes(32), { dataKeyId: 'dk-1' });
    const [format, iv, sealed] = wrapped.wrapped.split('.');
    const flipped = Buffer.from(sealed, 'base64url');
    flipped[3] ^= 1;
    const variants: IntegrationsWrappedKey[] = [
      {
        keyId: 'kek-1',
        wrapped: [format, iv, flipped.toString('base64url')].join('.'),
      },
      { keyId: 'kek-1', wrapped: `v2.${iv}.${sealed}` },
      { keyId: 'kek-1', wrapped: 'not-wrapped' },
      { keyId: 'kek-2', wrapped: wrapped.wrapped },
      { keyId: 'kek-gone', wrapped: wrapped.wrapped },
    ];
    for (const variant of variants) {
      const error = await failureOf(
        hsm.unwrapKey(variant, { dataKeyId: 'dk-1' }),
      );
      expect(error.name).toBe('IntegrationsKeyRejectedError');
    }
    const missing = await failureOf(
      hsm.unwrapKey(variants[4], { dataKeyId: 'dk-1' }),
    );
    expect(missing.message).toBe(
      'PKCS#11 token "integrations" holds no AES key labelled "kek-gone"',
    );
  });

  it('unwraps only under the configured key labels, without asking the token for others', async () => {
    const wrapped = await start('kek-2').wrapKey(randomBytes(32), {
      dataKeyId: 'dk-1',
    });
    await provider!.close();

    const hsm = start('kek-1');
    const error = await failureOf(
      hsm.unwrapKey(wrapped, { dataKeyId: 'dk-1' }),
    );
    expect(error.name).toBe('IntegrationsKeyRejectedError');
    expect(error.message).toBe(
      'PKCS#11 token "integrations": key "kek-2" is not in integrationsHub.encryption.pkcs11.keyLabel or previousKeyLabels',
    );
  });

  it('wraps under the new key after a key rotation and still unwraps under the old one', async () => {
    const dataKey = randomBytes(32);
    const before = await start('kek-1').wrapKey(dataKey, { dataKeyId: 'dk-1' });
    await provider!.close();

    const hsm = start('kek-2', { previousKeyLabels: ['kek-1'] });
    const after = await hsm.wrapKey(dataKey, { dataKeyId: 'dk-1' });
    expect(after.keyId).toBe('kek-2');
    await expect(hsm.unwrapKey(before, { dataKeyId: 'dk-1' })).resolves.toEqual(
      dataKey,
    );
    await expect(hsm.unwrapKey(after, { dataKeyId: 'dk-1' })).resolves.toEqual(
      dataKey,
    );
  });

  it('runs concurrent calls one at a time on its one session', async () => {
    const hsm = start();
    const keys = Array.from({ length: 20 }, () => randomBytes(32));
    const wrapped = await Promise.all(
      keys.map((key, i) => hsm.wrapKey(key, { dataKeyId: `dk-${i}` })),
    );
    const unwrapped = await Promise.all(
      wrapped.map((w, i) => hsm.unwrapKey(w, { dataKeyId: `dk-${i}` })),
    );
    expect(unwrapped).toEqual(keys);
  });

  it('answers unavailable while the token is removed and recovers when it is back', async () => {
    const hsm = start();
    const dataKey = randomBytes(32);
    const wrapped = await hsm.wrapKey(dataKey, { dataKeyId: 'dk-1' });

    token.remove();
    try {
      const error = await failureOf(
        hsm.unwrapKey(wrapped, { dataKeyId: 'dk-1' }),
      );
      expect(error.name).toBe('TokenUnavailableError');
      expect(error.message).toBe('PKCS#11 token "integrations" is not present');
      const wrapError = await failureOf(
        hsm.wrapKey(dataKey, { dataKeyId: 'dk-2' }),
      );
      expect(wrapError.name).toBe('TokenUnavailableError');
      for (const text of [error.message, error.stack, wrapError.message]) {
        expect(text).not.toContain(token.pin);
        expect(text).not.toContain(dataKey.toString('base64'));
      }
      expect(logger.warn).toHaveBeenCalledWith(
        expect.stringContaining('PKCS#11 token "integrations" is not present'),
      );
    } finally {
      token.restore();
    }

    await expect(
      hsm.unwrapKey(wrapped, { dataKeyId: 'dk-1' }),
    ).resolves.toEqual(dataKey);
    expect(logger.info).toHaveBeenCalledWith(
      'PKCS#11 token "integrations": available again',
    );
  });

  it('waits reconnectIntervalSeconds between attempts while the token is away', async () => {
    const hsm = start('kek-1', { reconnectIntervalSeconds: 60 });
    const wrapped = await hsm.wrapKey(randomBytes(32), { dataKeyId: 'dk-1' });
    token.remove();
    try {
      await failureOf(hsm.unwrapKey(wrapped, { dataKeyId: 'dk-1' }));
    } finally {
      token.restore();
    }
    // Back, but the next attempt is a minute away: the answer stays unavailable.
    const error = await failureOf(
      hsm.unwrapKey(wrapped, { dataKeyId: 'dk-1' }),
    );
    expect(error.name).toBe('TokenUnavailableError');
  });

  it('opens a new session when the token forgets the old one (CKR_SESSION_HANDLE_INVALID)', async () => {
    const hsm = start();
    const dataKey = randomBytes(32);
    const wrapped = await hsm.wrapKey(dataKey, { dataKeyId: 'dk-1' });

    // Another handle on the same loaded library closes every session, as an HSM restart does.
    const lib = new pkcs11js.PKCS11();
    lib.load(SOFTHSM_LIBRARY);
    for (const slot of lib.C_GetSlotList(true)) lib.C_CloseAllSessions(slot);

    await expect(
      hsm.unwrapKey(wrapped, { dataKeyId: 'dk-1' }),
    ).resolves.toEqual(dataKey);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(
        /^PKCS#11 token "integrations": session failed \(CKR_\w+\); reconnecting$/,
      ),
    );
  });

  it('rejects keys a token replaced by a fresh one does not hold', async () => {
    const hsm = start();
    const wrapped = await hsm.wrapKey(randomBytes(32), { dataKeyId: 'dk-1' });
    token.reinitialize();
    try {
      const error = await failureOf(
        hsm.unwrapKey(wrapped, { dataKeyId: 'dk-1' }),
      );
      expect(error.name).toBe('IntegrationsKeyRejectedError');
      expect(error.message).toBe(
        'PKCS#11 token "integrations" holds no AES key labelled "kek-1"',
      );
      // Wrapping needs the active key: without it the provider is unavailable.
      const wrapError = await failureOf(
        hsm.wrapKey(randomBytes(32), { dataKeyId: 'dk-2' }),
      );
      expect(wrapError.name).toBe('TokenUnavailableError');
    } finally {
      await provider!.close();
      provider = undefined;
      token.dispose();
      token = new SoftHsmToken();
      token.generateKey('kek-1');
      token.generateKey('kek-2');
    }
  });

  it('does not retry a refused PIN and never names it', async () => {
    const hsm = start('kek-1', { pin: 'wrong-pin-canary-7731' });
    const error = await failureOf(
      hsm.wrapKey(randomBytes(32), { dataKeyId: 'dk-1' }),
    );
    expect(error.name).toBe('TokenUnavailableError');
    expect(error.message).toBe(
      'PKCS#11 token "integrations" refused the PIN (CKR_PIN_INCORRECT): fix integrationsHub.encryption.pkcs11.pin and restart; not retried, so the token does not lock',
    );
    expect(JSON.stringify(logger.error.mock.calls)).not.toContain('canary');
    const again = await failureOf(
      hsm.wrapKey(randomBytes(32), { dataKeyId: 'dk-1' }),
    );
    expect(again).toBe(error);
  });

  it('stops at start on a library that does not load', () => {
    expect(() =>
      Pkcs11KeyProvider.fromConfig(
        new ConfigReader({
          integrationsHub: {
            encryption: {
              pkcs11: token.config('kek-1', {
                libraryPath: '/nonexistent/libpkcs11.so',
              }),
            },
          },
        }),
      ),
    ).toThrow(
      /^Integrations: the PKCS#11 library \/nonexistent\/libpkcs11\.so \(integrationsHub\.encryption\.pkcs11\.libraryPath\) does not load/,
    );
  });
});
