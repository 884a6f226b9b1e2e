import { randomBytes } from 'node:crypto';
import { ConfigReader } from '@backstage/config';
import { credentialAad, CredentialDecryptionError, Keyring } from './keyring';

const key = (id: string) => ({ id, secret: randomBytes(32) });
const CANARY = 'canary-secret-value-7f3a';

describe('Keyring', () => {
  const aad = credentialAad('11111111-1111-1111-1111-111111111111', 'API_KEY');

  it('round-trips a value and never stores it in clear', () => {
    const keyring = new Keyring([key('k1')]);
    const { sealed, keyId } = keyring.seal(CANARY, aad);
    expect(keyId).toBe('k1');
    expect(sealed).not.toContain(CANARY);
    expect(sealed.startsWith('v1.k1.')).toBe(true);
    expect(keyring.open(sealed, aad)).toBe(CANARY);
  });

  it('uses a fresh nonce for every seal', () => {
    const keyring = new Keyring([key('k1')]);
    expect(keyring.seal(CANARY, aad).sealed).not.toBe(
      keyring.seal(CANARY, aad).sealed,
    );
  });

  it('detects a tampered ciphertext', () => {
    const keyring = new Keyring([key('k1')]);
    const parts = keyring.seal(CANARY, aad).sealed.split('.');
    const ct = Buffer.from(parts[4], 'base64url');
    ct[0] ^= 0x01;
    parts[4] = ct.toString('base64url');
    expect(() => keyring.open(parts.join('.'), aad)).toThrow(
      CredentialDecryptionError,
    );
  });

  it('refuses a value moved to another integration or key', () => {
    const keyring = new Keyring([key('k1')]);
    const { sealed } = keyring.seal(CANARY, aad);
    expect(() =>
      keyring.open(
        sealed,
        credentialAad('22222222-2222-2222-2222-222222222222', 'API_KEY'),
      ),
    ).toThrow(CredentialDecryptionError);
    expect(() =>
      keyring.open(
        sealed,
        credentialAad('11111111-1111-1111-1111-111111111111', 'OTHER'),
      ),
    ).toThrow(CredentialDecryptionError);
  });

  it('seals with the first key and opens with any listed key', () => {
    const k1 = key('k1');
    const old = new Keyring([k1]);
    const { sealed } = old.seal(CANARY, aad);
    const rotated = new Keyring([key('k2'), k1]);
    expect(rotated.activeKeyId).toBe('k2');
    expect(rotated.open(sealed, aad)).toBe(CANARY);
    expect(Keyring.keyIdOf(rotated.seal(CANARY, aad).sealed)).toBe('k2');
    expect(() => new Keyring([key('k2')]).open(sealed, aad)).toThrow(
      /key "k1"/,
    );
  });

  it('names the config key when no key is configured', () => {
    expect(() => Keyring.fromConfig(new ConfigReader({}))).toThrow(
      /integrationsHub\.encryption\.keys/,
    );
  });

  it('rejects a secret that is not 32 bytes', () => {
    const config = new ConfigReader({
      integrationsHub: {
        encryption: { keys: [{ id: 'k1', secret: 'c2hvcnQ=' }] },
      },
    });
    expect(() => Keyring.fromConfig(config)).toThrow(
      /integrationsHub\.encryption\.keys\[0\]\.secret must be 32 bytes/,
    );
  });
});
