import { SignInPage } from '@backstage/core-components';
import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { createApp } from '@backstage/frontend-defaults';
import { SignInPageBlueprint } from '@backstage/plugin-app-react';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import integrationsPlugin from '@integrations-hub/backstage-plugin-integrations/alpha';

/** Guest sign-in, as a fresh create-app portal has it. */
const signInPage = SignInPageBlueprint.make({
  params: {
    loader: async () => props =>
      <SignInPage {...props} providers={['guest']} />,
  },
});

export default createApp({
  features: [
    catalogPlugin,
    integrationsPlugin,
    createFrontendModule({ pluginId: 'app', extensions: [signInPage] }),
  ],
});
