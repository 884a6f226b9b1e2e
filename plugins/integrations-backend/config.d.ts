export interface Config {
  integrations?: {
    /**
     * Categories of integrations shown in the Type filter and drawer.
     * @visibility frontend
     */
    types?: Array<{
      /** @visibility frontend */
      id: string;
      /** @visibility frontend */
      title: string;
      /**
       * Icon name: ai, telephony, payments, messaging, monitoring, other, or an app system icon.
       * @visibility frontend
       */
      icon?: string;
      /**
       * Credentials not rotated for this many days are marked due.
       * @visibility frontend
       */
      rotationPeriodDays?: number;
      /**
       * After a rotation, resolve also returns the previous value for this many
       * minutes, so services switch over without an outage. Default: 0 (none).
       * @visibility frontend
       */
      rotationOverlapMinutes?: number;
    }>;
    credentials?: {
      /** Previous values kept per credential for rollback and rotation overlap. Default: 3. */
      versionsKept?: number;
    };
    usage?: {
      /**
       * Integrations nobody resolved for this many days are marked unused. Default: 30.
       * @visibility frontend
       */
      unusedAfterDays?: number;
    };
    encryption?: {
      /** Keyring for credentials at rest. The first key encrypts; all keys decrypt. */
      keys: Array<{
        /** Recorded with each ciphertext; letters, digits, _ and -. */
        id: string;
        /**
         * 32 random bytes, base64.
         * @visibility secret
         */
        secret: string;
      }>;
      /** How often old ciphertexts are re-encrypted under the first key. Default: every 1 hour. */
      reencryptFrequencyMinutes?: number;
    };
    /**
     * DANGEROUS. With the permission framework disabled every permission is allowed, so
     * reveal and resolve are refused for users unless this is true.
     */
    dangerouslyAllowSecretAccessWithoutPermissions?: boolean;
  };
}
