import { screen } from '@testing-library/react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { integrationsApiRef } from '../../api/IntegrationsApi';
import { rootRouteRef } from '../../routes';
import {
  FakeIntegrationsApi,
  makeIntegration,
} from '../../__testUtils__/FakeIntegrationsApi';
import {
  EntityIntegrationsCard,
  EntityIntegrationsContent,
} from './EntityIntegrationsContent';

const entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'checkout', namespace: 'default' },
  spec: { type: 'service', owner: 'group:default/team-payments' },
};

const api = () =>
  new FakeIntegrationsApi([
    makeIntegration({
      id: 'a',
      name: 'Stripe',
      projects: ['component:default/checkout'],
    }),
    makeIntegration({
      id: 'b',
      name: 'Twilio',
      projects: ['component:default/call-router'],
    }),
  ]);

describe('EntityIntegrationsContent', () => {
  it('lists the integrations assigned to the entity, linking to their deep links', async () => {
    const fake = api();
    await renderInTestApp(
      <TestApiProvider apis={[[integrationsApiRef, fake]]}>
        <EntityProvider entity={entity}>
          <EntityIntegrationsContent />
        </EntityProvider>
      </TestApiProvider>,
      { mountedRoutes: { '/integrations': rootRouteRef } },
    );
    const link = await screen.findByRole('link', { name: 'Stripe' });
    expect(link).toHaveAttribute('href', '/integrations/a');
    expect(screen.queryByText('Twilio')).not.toBeInTheDocument();
    expect(
      screen.getByText('https://api.stripe.example/v1'),
    ).toBeInTheDocument();
    expect(fake.listCalls[0]).toMatchObject({
      project: 'component:default/checkout',
    });
  });

  it('says so when nothing is assigned, also as a card', async () => {
    await renderInTestApp(
      <TestApiProvider apis={[[integrationsApiRef, new FakeIntegrationsApi()]]}>
        <EntityProvider entity={entity}>
          <EntityIntegrationsCard />
        </EntityProvider>
      </TestApiProvider>,
      { mountedRoutes: { '/integrations': rootRouteRef } },
    );
    expect(
      await screen.findByText('No integrations assigned'),
    ).toBeInTheDocument();
  });
});
