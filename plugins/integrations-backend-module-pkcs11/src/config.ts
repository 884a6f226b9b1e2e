import { Config } from '@backstage/config';

/** Where the PKCS#11 provider's settings live in app-config. */
export const PKCS11_CONFIG = 'integrationsHub.encryption.pkcs11';

/** How the token is found: by its label (stable) or by slot id. */
export type TokenSelector = { tokenLabel: string } | { slotId: number };

/** The provider's settings, read once at start. */
export interface Pkcs11Settings {
  libraryPath: string;
  token: TokenSelector;
  pin: string;
  keyLabel: string;
  /** Labels of keys that wrapped data keys before `keyLabel`: they still unwrap. */
  previousKeyLabels: string[];
  reconnectIntervalMs: number;
}

const MECHANISMS = ['CKM_AES_GCM'];

/** Reads `integrationsHub.encryption.pkcs11`; a missing or broken entry stops the backend at start, naming the key. */
export function readPkcs11Settings(config: Config): Pkcs11Settings {
  const section = config.getOptionalConfig(PKCS11_CONFIG);
  if (!section) {
    throw new Error(
      `Integrations: the PKCS#11 key provider needs ${PKCS11_CONFIG} (libraryPath, tokenLabel or slotId, pin, keyLabel)`,
    );
  }
  const tokenLabel = section.getOptionalString('tokenLabel');
  const slotId = section.getOptionalNumber('slotId');
  if ((tokenLabel === undefined) === (slotId === undefined)) {
    throw new Error(
      `Integrations: set exactly one of ${PKCS11_CONFIG}.tokenLabel and ${PKCS11_CONFIG}.slotId`,
    );
  }
  if (slotId !== undefined && (!Number.isSafeInteger(slotId) || slotId < 0)) {
    throw new Error(
      `Integrations: ${PKCS11_CONFIG}.slotId must be a whole number of 0 or more`,
    );
  }
  const mechanism = section.getOptionalString('mechanism') ?? 'CKM_AES_GCM';
  if (!MECHANISMS.includes(mechanism)) {
    throw new Error(
      `Integrations: ${PKCS11_CONFIG}.mechanism must be CKM_AES_GCM (got "${mechanism}")`,
    );
  }
  const reconnectIntervalSeconds =
    section.getOptionalNumber('reconnectIntervalSeconds') ?? 5;
  if (!(reconnectIntervalSeconds >= 0)) {
    throw new Error(
      `Integrations: ${PKCS11_CONFIG}.reconnectIntervalSeconds must be 0 or more`,
    );
  }
  const keyLabel = section.getString('keyLabel');
  if (keyLabel.trim() === '') {
    throw new Error(
      `Integrations: ${PKCS11_CONFIG}.keyLabel must not be empty`,
    );
  }
  const previousKeyLabels =
    section.getOptionalStringArray('previousKeyLabels') ?? [];
  return {
    libraryPath: section.getString('libraryPath'),
    token: tokenLabel !== undefined ? { tokenLabel } : { slotId: slotId! },
    pin: section.getString('pin'),
    keyLabel,
    previousKeyLabels: previousKeyLabels.filter(label => label !== keyLabel),
    reconnectIntervalMs: reconnectIntervalSeconds * 1000,
  };
}

/** Names the token in logs and errors. */
export function describeToken(token: TokenSelector): string {
  return 'tokenLabel' in token
    ? `PKCS#11 token "${token.tokenLabel}"`
    : `PKCS#11 slot ${token.slotId}`;
}
