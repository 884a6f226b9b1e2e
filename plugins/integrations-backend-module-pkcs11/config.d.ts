export interface Config {
  integrationsHub?: {
    encryption?: {
      /**
       * The PKCS#11 key provider (integrations-backend-module-pkcs11): data keys
       * are wrapped by an AES key that stays in the adopter's HSM.
       */
      pkcs11?: {
        /** Path of the vendor's PKCS#11 library, e.g. /usr/lib/softhsm/libsofthsm2.so. */
        libraryPath: string;
        /** Label of the token that holds the key. Give this or `slotId`. */
        tokenLabel?: string;
        /** Slot id of the token. Give this or `tokenLabel`. */
        slotId?: number;
        /**
         * User PIN of the token, usually from an environment variable (`${HSM_PIN}`).
         * @visibility secret
         */
        pin: string;
        /** Label of the AES key (CKA_LABEL) new data keys are wrapped under. */
        keyLabel: string;
        /**
         * Labels of keys that wrapped data keys before `keyLabel`, kept until the
         * backend has rewrapped them. Keys under no listed label never unwrap.
         */
        previousKeyLabels?: string[];
        /** How data keys are wrapped. Only CKM_AES_GCM (the default): it binds each wrapped key to its data key id. */
        mechanism?: 'CKM_AES_GCM';
        /** Seconds between reconnect attempts while the token is unavailable. Default: 5. */
        reconnectIntervalSeconds?: number;
      };
    };
  };
}
