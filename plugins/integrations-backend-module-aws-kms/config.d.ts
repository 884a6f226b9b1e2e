export interface Config {
  integrationsHub?: {
    encryption?: {
      /**
       * The AWS KMS key provider (`aws-kms`): data keys are wrapped by a
       * symmetric KMS key. Credentials come from the default AWS chain
       * (environment, web identity, instance or task role) unless set here.
       */
      awsKms?: {
        /**
         * The KMS key new data keys are wrapped under: a key ARN (no call to
         * AWS at start), or a key id, alias name or alias ARN (resolved to the
         * key ARN with kms:DescribeKey at start).
         */
        keyId: string;
        /** Default: the region of a key ARN, else the default AWS chain. */
        region?: string;
        /** Another KMS endpoint, e.g. a VPC endpoint or a local test server. */
        endpoint?: string;
        /**
         * ARNs of keys that still unwrap data keys wrapped under them (after
         * `keyId` moved to another key, until every data key is rewrapped).
         */
        previousKeyArns?: string[];
        /** Default: 1000. */
        connectTimeoutMs?: number;
        /** How long a call may wait for an answer. Default: 5000. */
        requestTimeoutMs?: number;
        /** Attempts per call, retries with backoff included. Default: 3. */
        maxAttempts?: number;
        /** Static credentials; prefer the default AWS chain (roles) instead. */
        credentials?: {
          accessKeyId: string;
          /** @visibility secret */
          secretAccessKey: string;
          /** @visibility secret */
          sessionToken?: string;
        };
      };
    };
  };
}
