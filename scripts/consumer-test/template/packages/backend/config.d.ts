export interface Config {
  auth?: {
    providers?: {
      /** Test-only header sign-in of the consumer test (src/headerSignIn.ts). */
      'consumer-test'?: {
        /** The request header that names the catalog user to sign in. */
        header: string;
      };
    };
  };
}
