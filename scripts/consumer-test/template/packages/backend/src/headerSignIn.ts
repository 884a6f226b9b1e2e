import { createBackendModule } from '@backstage/backend-plugin-api';
import { AuthenticationError } from '@backstage/errors';
import {
  authProvidersExtensionPoint,
  createProxyAuthenticator,
  createProxyAuthProviderFactory,
} from '@backstage/plugin-auth-node';

/**
 * Adopter-owned test scaffolding: signs in the catalog user named in a request
 * header, the way a provider behind an authenticating proxy does. It lets the
 * consumer test act as several users against one running backend. Never ship this.
 */
const headerAuthenticator = createProxyAuthenticator({
  defaultProfileTransform: async () => ({ profile: {} }),
  initialize: ({ config }) => ({ header: config.getString('header') }),
  async authenticate({ req }, { header }) {
    const userEntityRef = req.header(header);
    if (!userEntityRef) {
      throw new AuthenticationError(`Missing ${header} header`);
    }
    return { result: { userEntityRef } };
  },
});

export default createBackendModule({
  pluginId: 'auth',
  moduleId: 'consumer-test-header-provider',
  register(reg) {
    reg.registerInit({
      deps: { providers: authProvidersExtensionPoint },
      async init({ providers }) {
        providers.registerProvider({
          providerId: 'consumer-test',
          factory: createProxyAuthProviderFactory({
            authenticator: headerAuthenticator,
            // Ownership (user + groups) comes from the catalog, as in production.
            signInResolver: async ({ result }, ctx) =>
              ctx.signInWithCatalogUser({ entityRef: result.userEntityRef }),
          }),
        });
      },
    });
  },
});
