import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const ALGORITHM = 'aes-256-gcm';
const NONCE_BYTES = 12; // 96-bit nonce, as recommended for GCM
const TAG_BYTES = 16;

/** Thrown when a stored value fails authentication: tampered, moved, or wrong key. */
export class CredentialDecryptionError extends Error {
  name = 'CredentialDecryptionError';
}

/**
 * `<format>.<keyId>.<nonce>.<tag>.<ciphertext>` (base64url parts), AES-256-GCM
 * under `key` with `aad` as additional authenticated data.
 */
export function sealWith(
  format: string,
  keyId: string,
  key: Buffer,
  plaintext: string,
  aad: string,
): string {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv(ALGORITHM, key, nonce, {
    authTagLength: TAG_BYTES,
  });
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const ciphertext = Buffer.concat([
    cipher.update(plaintext, 'utf8'),
    cipher.final(),
  ]);
  const parts = [nonce, cipher.getAuthTag(), ciphertext].map(b =>
    b.toString('base64url'),
  );
  return [format, keyId, ...parts].join('.');
}

/** The format and key id of a sealed value, without opening it. */
export function sealedHeader(
  sealed: string,
): { format: string; keyId: string } | undefined {
  const parts = sealed.split('.');
  return parts.length === 5 ? { format: parts[0], keyId: parts[1] } : undefined;
}

export function openWith(key: Buffer, sealed: string, aad: string): string {
  const [, , nonce, tag, ciphertext] = sealed.split('.');
  try {
    const decipher = createDecipheriv(
      ALGORITHM,
      key,
      Buffer.from(nonce, 'base64url'),
      { authTagLength: TAG_BYTES },
    );
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([
      decipher.update(Buffer.from(ciphertext, 'base64url')),
      decipher.final(),
    ]).toString('utf8');
  } catch {
    throw new CredentialDecryptionError(
      'authentication failed: the value was altered or does not belong here',
    );
  }
}
