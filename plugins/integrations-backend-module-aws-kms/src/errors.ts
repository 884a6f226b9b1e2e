import { ServiceUnavailableError } from '@backstage/errors';
import { IntegrationsKeyRejectedError } from '@integrations-hub/backstage-plugin-integrations-node';

/**
 * KMS errors that mean this wrapped data key will never open under this key:
 * the bytes or their encryption context do not authenticate, or the bytes
 * were wrapped under another key than the one named beside them.
 */
const REJECTING: Record<string, string> = {
  InvalidCiphertextException:
    'the wrapped key or its encryption context does not authenticate',
  IncorrectKeyException: 'the wrapped key was not wrapped under this key',
};

/**
 * Everything else is an outage an operator (or time) can end: resolve and
 * reveal answer 503 meanwhile and recover by themselves. A disabled key or one
 * pending deletion is not reported as lost, since both can be undone.
 */
const UNAVAILABLE: Record<string, string> = {
  ThrottlingException: 'KMS throttled the call; it is retried later',
  AccessDeniedException:
    "access denied: the backend's AWS identity needs kms:Encrypt and kms:Decrypt on the key for this encryption context (see the README)",
  DisabledException: 'the key is disabled: enable it in KMS',
  KMSInvalidStateException:
    'the key is not usable in its state (pending deletion or pending import): cancel the deletion in KMS',
  NotFoundException:
    'the key does not exist in this account and region: check keyId and region',
  InvalidKeyUsageException:
    'the key does not allow Encrypt and Decrypt: use a symmetric ENCRYPT_DECRYPT key',
  KeyUnavailableException: 'the key material is unavailable in KMS for now',
  DependencyTimeoutException: 'KMS timed out',
  KMSInternalException: 'KMS failed internally',
};

const NETWORK = new Set([
  'TimeoutError',
  'RequestTimeout',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNABORTED',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

export type KmsOperation = 'wrap' | 'unwrap' | 'describe';

export interface KmsCallScope {
  operation: KmsOperation;
  keyId: string;
  dataKeyId?: string;
}

/** What went wrong, for operators: names keys and AWS error names, never key material. */
export function toProviderError(error: unknown, scope: KmsCallScope): Error {
  const name = errorName(error);
  const what = callDescription(scope);
  if (scope.operation === 'unwrap' && REJECTING[name]) {
    return new IntegrationsKeyRejectedError(
      `${what}: ${name} (${REJECTING[name]})`,
    );
  }
  const status = httpStatus(error);
  let reason = UNAVAILABLE[name] ?? REJECTING[name];
  if (!reason && status !== undefined) reason = `KMS answered ${status}`;
  if (!reason && NETWORK.has(name)) reason = 'KMS could not be reached';
  // Anything else failed in this process before an answer (no region, no credentials).
  reason ??= 'the request to KMS could not be made';
  const detail = errorMessage(error);
  return new ServiceUnavailableError(
    `${what}: ${name} (${reason})${detail ? `: ${detail}` : ''}`,
  );
}

export function callDescription(scope: KmsCallScope): string {
  const verb = {
    wrap: 'could not wrap',
    unwrap: 'could not unwrap',
    describe: 'could not describe key',
  }[scope.operation];
  const dataKey = scope.dataKeyId ? ` data key "${scope.dataKeyId}" under` : '';
  return `aws-kms ${verb}${dataKey} ${scope.keyId}`;
}

function errorName(error: unknown): string {
  const e = error as { name?: unknown; code?: unknown; message?: unknown };
  if (typeof e?.code === 'string' && NETWORK.has(e.code)) return e.code;
  // The SDK may wrap a socket error in a plain Error that keeps only its text.
  const code = String(e?.message ?? '').match(/\bE[A-Z]+\b/)?.[0];
  if (code && NETWORK.has(code)) return code;
  return typeof e?.name === 'string' ? e.name : 'Error';
}

function httpStatus(error: unknown): number | undefined {
  const meta = (error as { $metadata?: { httpStatusCode?: unknown } })
    ?.$metadata;
  return typeof meta?.httpStatusCode === 'number'
    ? meta.httpStatusCode
    : undefined;
}

/**
 * The error's own message helps operators (an access denial names the principal
 * and the action; the SDK says "Region is missing"). Neither carries request
 * bodies, but long base64 or hex runs are cut anyway so no key could pass.
 */
function errorMessage(error: unknown): string | undefined {
  const message = (error as { message?: unknown })?.message;
  if (typeof message !== 'string' || !message) return undefined;
  return message.replace(/[A-Za-z0-9+/=]{32,}/g, '[redacted]').slice(0, 300);
}
