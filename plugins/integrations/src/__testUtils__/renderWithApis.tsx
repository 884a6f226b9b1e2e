import { ReactElement } from 'react';
import { SWRConfig } from 'swr';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { alertApiRef, configApiRef } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { integrationsApiRef } from '../api/IntegrationsApi';
import { rootRouteRef } from '../routes';
import { FakeIntegrationsApi } from './FakeIntegrationsApi';

export const alertApi = { post: jest.fn(), alert$: jest.fn() };

/**
 * Renders with an in-memory IntegrationsApi and a permission API that allows
 * what `allow` says. A fresh SWR cache per render keeps permission decisions
 * from leaking between tests.
 */
export function renderWithApis(
  element: ReactElement,
  options: {
    api: FakeIntegrationsApi;
    allow?: (permission: string) => boolean;
    route?: string;
    mountPath?: string;
    /** App config the components read (e.g. integrations.usage.unusedAfterDays). */
    config?: object;
  },
) {
  const allow = options.allow ?? (() => true);
  return renderInTestApp(
    <SWRConfig value={{ provider: () => new Map() }}>
      <TestApiProvider
        apis={[
          [integrationsApiRef, options.api],
          [alertApiRef, alertApi],
          [
            configApiRef,
            mockApis.config({ data: (options.config ?? {}) as any }),
          ],
          [catalogApiRef, catalogApiMock()],
          [
            permissionApiRef,
            mockApis.permission({
              authorize: req =>
                allow(req.permission.name)
                  ? AuthorizeResult.ALLOW
                  : AuthorizeResult.DENY,
            }),
          ],
        ]}
      >
        {element}
      </TestApiProvider>
    </SWRConfig>,
    {
      mountedRoutes: { [options.mountPath ?? '/']: rootRouteRef },
      routeEntries: [options.route ?? '/'],
    },
  );
}
