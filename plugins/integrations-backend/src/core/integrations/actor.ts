import { BackstageCredentials } from '@backstage/backend-plugin-api';

/** Who did it, as recorded in history: a user entity ref or a service subject. */
export function actorOf(credentials: BackstageCredentials<any>): string {
  const principal = credentials.principal ?? {};
  if (principal.type === 'user') return principal.userEntityRef;
  if (principal.type === 'service') return principal.subject;
  return 'unknown';
}
