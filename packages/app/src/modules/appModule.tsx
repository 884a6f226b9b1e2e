import { Navigate } from 'react-router-dom';
import { SignInPage } from '@backstage/core-components';
import {
  createFrontendModule,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { SignInPageBlueprint } from '@backstage/plugin-app-react';

/** Guest sign-in: the backend maps it to the catalog user in `auth.providers.guest.userEntityRef`. */
const signInPage = SignInPageBlueprint.make({
  params: {
    loader: async () => props =>
      (
        <SignInPage
          {...props}
          providers={['guest']}
          title="Integrations for Backstage"
        />
      ),
  },
});

/** The portal opens on the Integrations page. */
const homeRedirect = PageBlueprint.make({
  name: 'home-redirect',
  params: {
    path: '/',
    loader: async () => <Navigate to="/integrations" replace />,
  },
});

export const appModule = createFrontendModule({
  pluginId: 'app',
  extensions: [signInPage, homeRedirect],
});
