import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { CredentialRecord, IntegrationRecord } from '../store/types';

/** The reason resolve gives a person for an integration holding a write-only credential. */
const WRITE_ONLY_REASON =
  'write-only: resolved by services only, never by a person';

/**
 * Reveal refuses a write-only credential for everyone, whatever the permission
 * decision (manageAll and any policy included): no person reads it once set.
 */
export function assertRevealable(
  record: Pick<IntegrationRecord, 'id' | 'name'>,
  credential: Pick<CredentialRecord, 'key' | 'writeOnly'>,
) {
  if (!credential.writeOnly) return;
  throw new NotAllowedError(
    `Credential "${credential.key}" of integration "${record.name}" (${record.id}) is write-only: ` +
      'its value is never revealed, only resolved by the services of assigned projects',
  );
}

/**
 * For a person calling resolve, the first write-only credential of an
 * integration, reported like one that does not open; undefined for services
 * and for integrations without one.
 */
export function withheldFromPerson(
  credentials: BackstageCredentials,
  record: Pick<IntegrationRecord, 'credentials'>,
): { ok: false; key: string; reason: string } | undefined {
  const principal = credentials.principal as { type?: string };
  if (principal.type !== 'user') return undefined;
  const writeOnly = record.credentials.find(c => c.writeOnly);
  return writeOnly
    ? { ok: false, key: writeOnly.key, reason: WRITE_ONLY_REASON }
    : undefined;
}
