import { CredentialSummary } from '@integrations-hub/backstage-plugin-integrations-common';

/** Within this many days an expiry is shown as coming soon. */
const EXPIRES_SOON_DAYS = 30;
const DAY_MS = 24 * 3600 * 1000;

type CredentialNotice =
  | { kind: 'expired' }
  | { kind: 'expiresSoon'; days: number }
  | { kind: 'rotation'; state: string };

/** What the entity tab marks on a credential: its expiry first, then its rotation state. */
export function credentialNotice(
  credential: CredentialSummary,
  now = Date.now(),
): CredentialNotice | undefined {
  const expiresAt = credential.expiresAt
    ? Date.parse(credential.expiresAt)
    : NaN;
  if (!Number.isNaN(expiresAt)) {
    if (expiresAt <= now) return { kind: 'expired' };
    const days = Math.ceil((expiresAt - now) / DAY_MS);
    if (days <= EXPIRES_SOON_DAYS) return { kind: 'expiresSoon', days };
  }
  if (credential.rotationState === 'expired') return { kind: 'expired' };
  if (credential.rotationState !== 'ok')
    return { kind: 'rotation', state: credential.rotationState };
  return undefined;
}
