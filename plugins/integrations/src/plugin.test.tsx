import { screen } from '@testing-library/react';
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
    expect(alphaPlugin.id).toBe('integrations');
    expect(alphaPlugin.$$type).toBe('@backstage/FrontendPlugin');
    for (const id of [
      'page:integrations',
      'entity-content:integrations',
      'entity-card:integrations',
    ]) {
      expect(alphaPlugin.getExtension(id as any)).toBeDefined();
    }
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
