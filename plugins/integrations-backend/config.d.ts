export interface Config {
  integrationsHub?: {
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
      /**
       * Seconds between writes of counted resolves. A replica killed without a
       * shutdown loses at most this much of its counts. Default: 60.
       */
      flushIntervalSeconds?: number;
    };
    encryption?: {
      /**
       * The key provider whose key-encryption key (KEK) wraps new data keys:
       * `keyring` (built in, the keys below), or the id a module adds
       * (`pkcs11`, `aws-kms`). Data keys wrapped by another installed provider
       * still open and are rewrapped by the upkeep task. Default: keyring.
       */
      provider?: string;
      /**
       * Seconds an unwrapped data key stays in memory. Resolve calls the
       * provider at most once per data key in this time; after a provider
       * outage this long, resolve and reveal answer 503. Default: 300.
       */
      dataKeyCacheSeconds?: number;
      /**
       * The built-in keyring: its keys are KEKs for data keys, and open values
       * sealed directly under them before envelope encryption. The first key
       * wraps; all keys unwrap. Required when `provider` is keyring.
       */
      keys?: Array<{
        /** Recorded with each ciphertext; letters, digits, _ and -. */
        id: string;
        /**
         * 32 random bytes, base64.
         * @visibility secret
         */
        secret: string;
      }>;
      /**
       * How often the encryption upkeep runs: data keys rewrapped under the
       * active KEK, values sealed directly under the keyring moved to data keys.
       * Default: every 1 hour.
       */
      reencryptFrequencyMinutes?: number;
    };
    /**
     * OAuth2 client credentials: integrations of these types hold a client id
     * and secret and a URL labelled as their token endpoint; the backend mints
     * access tokens (through the same address checks as connection checks,
     * `checks.allowedCidrs`), and resolve and the proxy hand out the token
     * instead of the client secret.
     */
    oauth2?: {
      /** A token is refreshed this long before it expires (at most half its lifetime). Default: 60. */
      refreshSkewSeconds?: number;
      /** After a failed token request, callers get the same error this long without a new request. Default: 10. */
      failureHoldSeconds?: number;
      /** Lifetime assumed when the token endpoint sends no expires_in. Default: 300. */
      defaultExpiresInSeconds?: number;
      /** Default: 3000. */
      connectTimeoutMs?: number;
      /** Default: 10000. */
      totalTimeoutMs?: number;
      /** Token response bytes read at most. Default: 64. */
      maxResponseKb?: number;
      /** Per integration type id (one of `types`). */
      types?: {
        [typeId: string]: {
          /** The label (any case) of the integration URL that is its token endpoint. Default: token. */
          tokenUrlLabel?: string;
          /** Default: CLIENT_ID. */
          clientIdKey?: string;
          /** Default: CLIENT_SECRET. Not resolvable unless the owner allows it. */
          clientSecretKey?: string;
          /** The key resolve and the proxy find the minted token under. Default: ACCESS_TOKEN. */
          accessTokenKey?: string;
          /** Sent space-separated as `scope`; none when empty. */
          scopes?: string[];
          /** basic (client_secret_basic, default) or post (client_secret_post). */
          clientAuth?: 'basic' | 'post';
        };
      };
    };
    /**
     * The managed proxy: `/api/integrations/proxy/{integrationId}/{path}` calls
     * an integration's URL with credentials the backend places. Off for every
     * type not listed here with `enabled: true`.
     */
    proxy?: {
      /** Non-public ranges the proxy may reach anyway (loopback, private, metadata are refused otherwise). */
      allowedCidrs?: string[];
      /** PEM certificates of CAs trusted for upstreams besides Node's own, e.g. an internal CA. */
      caCertificates?: string[];
      /** Default: 3000. */
      connectTimeoutMs?: number;
      /** Whole call, until the response ends. Default: 30000. */
      totalTimeoutMs?: number;
      /** Request body cap. Default: 1024. */
      maxRequestKb?: number;
      /** Response body cap; a longer response is cut. Default: 10240. */
      maxResponseKb?: number;
      /** Calls in flight per integration, per replica; more get 429. Default: 20. */
      concurrencyPerIntegration?: number;
      /** Calls per minute per user or service, per replica; more get 429 with Retry-After. Default: 600. */
      ratePerCallerPerMinute?: number;
      types?: {
        [typeId: string]: {
          enabled: boolean;
          /** Default: ["GET"]. */
          methods?: Array<'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'>;
          /** Path patterns below the URL: `*` one segment, `**` any rest. Default: ["/**"]. */
          paths?: string[];
          /** The label of the integration URL the proxy calls; the first URL when absent. */
          urlLabel?: string;
          /**
           * How credentials are placed; templates name keys (`Bearer {API_KEY}`).
           * A query parameter can end up in upstream access logs and caches: prefer a header.
           */
          auth?:
            | { type: 'none' }
            | { type: 'header'; name: string; value: string }
            | { type: 'basic'; usernameKey: string; passwordKey: string }
            | { type: 'query'; name: string; value: string };
          /** Caller headers passed on besides the built-in allowlist; Authorization, Cookie, Host, hop-by-hop and X-Forwarded-* never are. */
          requestHeaders?: string[];
        };
      };
    };
    /**
     * Connection checks ("Test connection", scheduled checks, health on cards).
     * Checks never connect to loopback, private, link-local (cloud metadata) or
     * other non-public addresses unless `allowedCidrs` allows them.
     */
    checks?: {
      /**
       * Non-public ranges checks may reach anyway, e.g. `10.20.0.0/16` for an
       * internal API. Every resolved address and every redirect is checked.
       */
      allowedCidrs?: string[];
      schedule?: {
        /** Default: true. "Test connection" works either way. */
        enabled?: boolean;
        /** Default: 15. */
        frequencyMinutes?: number;
        /** Integrations per round, least recently checked first. Default: 500. */
        maxPerRun?: number;
      };
      /** Results kept per integration. Default: 20. */
      historySize?: number;
      /** Default: 3000. */
      connectTimeoutMs?: number;
      /** Whole check including redirects. Default: 10000. */
      totalTimeoutMs?: number;
      /** Response bytes read at most (only for a JSON field check). Default: 64. */
      maxResponseKb?: number;
      /** Default: 3. */
      maxRedirects?: number;
      /**
       * Check definition per integration type id. Templates name credential
       * keys (`Bearer {API_KEY}`), never values.
       */
      types?: {
        [typeId: string]: {
          /** bearer (Authorization: Bearer {API_KEY}), basic (USERNAME/PASSWORD) or reachability (default). */
          preset?: 'bearer' | 'basic' | 'reachability';
          /** Which of the integration's URLs (0-based); every URL when absent. */
          urlIndex?: number;
          /** Appended to the URL's path, e.g. /v1/models. */
          path?: string;
          method?: 'GET' | 'HEAD';
          auth?:
            | { type: 'none' }
            | { type: 'header'; name: string; value: string }
            | { type: 'basic'; usernameKey: string; passwordKey: string }
            | { type: 'query'; name: string; value: string };
          /** e.g. ["200", "2xx"]. */
          healthyStatus?: string[];
          /** A field of the JSON response (dot path) that must equal a value. */
          jsonField?: { path: string; equals: string | number | boolean };
        };
      };
    };
    permissions?: {
      /**
       * How long (ms) one user's decision on read, create, update, delete or
       * project assignment is reused for that user's next requests, instead of
       * asking the permission backend each time. Reveal and use are always
       * decided afresh. 0 shares a decision only while it is being fetched.
       * At most 5000; default 1000.
       */
      decisionReuseMs?: number;
    };
    /**
     * DANGEROUS. With the permission framework disabled every permission is allowed, so
     * reveal and resolve are refused for users unless this is true.
     */
    dangerouslyAllowSecretAccessWithoutPermissions?: boolean;
  };
}
