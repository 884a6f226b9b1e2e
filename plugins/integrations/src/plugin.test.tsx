import { screen, within } from '@testing-library/react';
import {
  coreApis,
  createTranslationMessages,
} from '@backstage/frontend-plugin-api';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { integrationsApiRef } from './api/IntegrationsApi';
import {
  EntityIntegrationsContent,
  IntegrationsPage,
  integrationsPlugin,
} from './index';
import alphaPlugin from './alpha';
import { renderTestApp } from '@backstage/frontend-test-utils';
import { Route, Routes } from 'react-router-dom';
import {
  FakeIntegrationsApi,
  makeIntegration,
} from './__testUtils__/FakeIntegrationsApi';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { translationsWith } from './__testUtils__/renderWithApis';
import { INTEGRATIONS_ICON_PATH } from './components/IntegrationsIcon';
import { integrationsTranslationRef } from './translation';

describe('legacy frontend system exports', () => {
  it('is a plugin with id integrations that provides its API', () => {
    expect(integrationsPlugin.getId()).toBe('integrations');
    expect([...integrationsPlugin.getApis()].map(f => f.api.id)).toEqual([
      'plugin.integrations.api',
    ]);
  });

  it('renders the routable page and the entity content', async () => {
    const api = new FakeIntegrationsApi([makeIntegration()]);
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [integrationsApiRef, api],
          [catalogApiRef, catalogApiMock()],
          [permissionApiRef, mockApis.permission()],
        ]}
      >
        <Routes>
          <Route path="/integrations/*" element={<IntegrationsPage />} />
        </Routes>
        <EntityProvider
          entity={{
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'Component',
            metadata: { name: 'checkout' },
          }}
        >
          <EntityIntegrationsContent />
        </EntityProvider>
      </TestApiProvider>,
      { routeEntries: ['/integrations'] },
    );
    expect(
      await screen.findByRole('heading', { name: 'Integrations', level: 1 }),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('link', { name: 'Stripe' }),
    ).toBeInTheDocument();
  });
});

describe('new frontend system exports', () => {
  it('is a frontend plugin with the page, entity content, card and API', () => {
    expect(alphaPlugin.pluginId).toBe('integrations');
    expect(alphaPlugin.$$type).toBe('@backstage/FrontendPlugin');
    for (const id of [
      'api:integrations',
      'search-result-list-item:integrations',
      'page:integrations',
      'entity-content:integrations',
      'entity-card:integrations',
    ]) {
      expect(alphaPlugin.getExtension(id as any)).toBeDefined();
    }
  });

  const newSystemApis = () =>
    [
      [integrationsApiRef, new FakeIntegrationsApi([makeIntegration()])],
      [catalogApiRef, catalogApiMock()],
      [permissionApiRef, mockApis.permission()],
    ] as const;

  it('lets the framework draw the page header and nav item, with the plug icon', async () => {
    renderTestApp({
      features: [alphaPlugin],
      apis: newSystemApis(),
      initialRouteEntries: ['/integrations'],
    });
    expect(await screen.findByText('Stripe')).toBeInTheDocument();
    // One page heading, the framework's; the page draws no header or banner of its own.
    const [heading, ...others] = screen.getAllByRole('heading', { level: 1 });
    expect(others).toEqual([]);
    expect(heading).toHaveTextContent('Integrations');
    expect(heading.closest('.bui-PluginHeader')).not.toBeNull();
    expect(
      screen.queryByText(
        'Service connections, their URLs, credentials and projects',
      ),
    ).not.toBeInTheDocument();
    const iconPath = (element: Element | null) =>
      element?.querySelector('svg path')?.getAttribute('d');
    expect(iconPath(heading.closest('.bui-PluginHeader'))).toBe(
      INTEGRATIONS_ICON_PATH,
    );
    const navItem = within(
      screen.getByRole('navigation', { name: 'sidebar nav' }),
    ).getByRole('link', { name: 'Integrations' });
    expect(navItem).toHaveAttribute('href', '/integrations');
    expect(iconPath(navItem)).toBe(INTEGRATIONS_ICON_PATH);
  });

  it("titles the page and nav item with the translation ref's message", async () => {
    renderTestApp({
      features: [alphaPlugin],
      apis: [
        ...newSystemApis(),
        [
          coreApis.translation,
          translationsWith(
            createTranslationMessages({
              ref: integrationsTranslationRef,
              messages: { 'page.title': 'Connections' },
            }),
          ),
        ],
      ],
      initialRouteEntries: ['/integrations'],
    });
    expect(await screen.findByText('Stripe')).toBeInTheDocument();
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent(
      'Connections',
    );
    expect(
      within(screen.getByRole('navigation', { name: 'sidebar nav' })).getByRole(
        'link',
        { name: 'Connections' },
      ),
    ).toBeInTheDocument();
  });

  it('serves the page at /integrations and opens a deep link in a new-system app', async () => {
    const api = new FakeIntegrationsApi([makeIntegration()]);
    renderTestApp({
      features: [alphaPlugin],
      apis: [
        [integrationsApiRef, api],
        [catalogApiRef, catalogApiMock()],
        [permissionApiRef, mockApis.permission()],
      ],
      initialRouteEntries: ['/integrations/int-1'],
    });
    expect(
      await screen.findByRole('dialog', { name: 'Edit integration' }),
    ).toBeInTheDocument();
    expect(await screen.findByDisplayValue('Stripe')).toBeInTheDocument();
  });
});
