import { ReactElement } from 'react';
import { RenderResult } from '@testing-library/react';
import { SWRConfig } from 'swr';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { mockApis as frontendMockApis } from '@backstage/frontend-test-utils';
import {
  coreApis,
  ToastApi,
  ToastApiMessage,
  TranslationApi,
  TranslationMessages,
} from '@backstage/frontend-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { integrationsApiRef } from '../api/IntegrationsApi';
import { rootRouteRef } from '../routes';
import { FakeIntegrationsApi } from './FakeIntegrationsApi';
import { permissionApiDeciding } from './permissionApiDeciding';

/**
 * The app's default translations with `messages` put over them, the way an
 * adopter's `createTranslationMessages` overrides a message.
 */
export function translationsWith(
  messages: TranslationMessages,
): TranslationApi {
  const defaults = frontendMockApis.translation();
  return {
    getTranslation(ref) {
      const snapshot = defaults.getTranslation(ref);
      if (ref.id !== messages.id) return snapshot;
      const translate = snapshot.t as (key: string, options?: object) => string;
      // Overrides are taken as written: give them no {{placeholders}}.
      const t = (key: string, options?: object) =>
        messages.messages[key] ?? translate(key, options);
      return { ...snapshot, t: t as typeof snapshot.t };
    },
    translation$: ref => defaults.translation$(ref),
  };
}

/**
 * Renders with an in-memory IntegrationsApi and a permission API that allows
 * what `allow` says. A fresh SWR cache per render keeps permission decisions
 * from leaking between tests. Notices go to `toastApi` (`getToasts()`).
 */
export async function renderWithApis(
  element: ReactElement,
  options: {
    api: FakeIntegrationsApi;
    allow?: (permission: string) => boolean;
    /**
     * The decision per permission, CONDITIONAL included (as a policy gives it);
     * over `allow` where it answers.
     */
    decide?: (permission: string) => AuthorizeResult | undefined;
    route?: string;
    mountPath?: string;
    /** App config the components read (e.g. integrationsHub.usage.unusedAfterDays). */
    config?: object;
    /** Messages over the default ones, as `createTranslationMessages` gives them. */
    messages?: TranslationMessages;
  },
): Promise<
  RenderResult & { toastApi: ToastApi & { getToasts(): ToastApiMessage[] } }
> {
  const allow = options.allow ?? (() => true);
  const toastApi = frontendMockApis.toast();
  const rendered = await renderInTestApp(
    <SWRConfig value={{ provider: () => new Map() }}>
      <TestApiProvider
        apis={[
          [integrationsApiRef, options.api],
          [coreApis.toast, toastApi],
          [
            coreApis.config,
            mockApis.config({ data: (options.config ?? {}) as any }),
          ],
          ...(options.messages
            ? [
                [
                  coreApis.translation,
                  translationsWith(options.messages),
                ] as const,
              ]
            : []),
          [catalogApiRef, catalogApiMock()],
          [
            permissionApiRef,
            permissionApiDeciding(
              name =>
                options.decide?.(name) ??
                (allow(name) ? AuthorizeResult.ALLOW : AuthorizeResult.DENY),
            ),
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
  return { ...rendered, toastApi };
}
