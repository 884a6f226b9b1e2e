import { screen } from '@testing-library/react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { integrationsApiRef } from '../../api/IntegrationsApi';
import { rootRouteRef } from '../../routes';
import { permissionApiDeciding } from '../../__testUtils__/permissionApiDeciding';
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

const decide = (result: AuthorizeResult) =>
  [permissionApiRef, permissionApiDeciding(() => result)] as const;
const allowAll = decide(AuthorizeResult.ALLOW);

/** An empty store whose list answers with the given read decision. */
const withAccess = (access: FakeIntegrationsApi['access']) => {
  const fake = new FakeIntegrationsApi();
  fake.access = access;
  return fake;
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
      <TestApiProvider apis={[[integrationsApiRef, fake], allowAll]}>
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
      <TestApiProvider
        apis={[[integrationsApiRef, withAccess('filtered')], allowAll]}
      >
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

  it('says a user without the read right has no access, naming the right', async () => {
    await renderInTestApp(
      <TestApiProvider
        apis={[[integrationsApiRef, withAccess('none')], allowAll]}
      >
        <EntityProvider entity={entity}>
          <EntityIntegrationsContent />
        </EntityProvider>
      </TestApiProvider>,
      { mountedRoutes: { '/integrations': rootRouteRef } },
    );
    expect(
      await screen.findByText('No access to integrations'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/integrations\.integration\.read/),
    ).toBeInTheDocument();
    expect(screen.queryByText('No integrations assigned')).toBeNull();
  });

  it('marks credentials that expired or expire soon', async () => {
    const inDays = (days: number) =>
      new Date(Date.now() + days * 24 * 3600 * 1000).toISOString();
    const credential = (key: string, expiresAt?: string) => ({
      key,
      hasValue: true,
      createdAt: '2026-01-01T00:00:00.000Z',
      rotatedAt: '2026-01-01T00:00:00.000Z',
      rotationState: 'ok' as const,
      ...(expiresAt ? { expiresAt } : {}),
    });
    const fake = new FakeIntegrationsApi([
      makeIntegration({
        credentials: [
          credential('OLD', inDays(-1)),
          credential('SOON', inDays(6.5)),
          credential('LATER', inDays(120)),
          credential('NEVER'),
        ],
      }),
    ]);
    await renderInTestApp(
      <TestApiProvider apis={[[integrationsApiRef, fake], allowAll]}>
        <EntityProvider entity={entity}>
          <EntityIntegrationsContent />
        </EntityProvider>
      </TestApiProvider>,
      { mountedRoutes: { '/integrations': rootRouteRef } },
    );
    expect(await screen.findByText('OLD expired')).toBeInTheDocument();
    expect(screen.getByText('SOON expires in 7 days')).toBeInTheDocument();
    expect(screen.queryByText(/LATER/)).toBeNull();
    expect(screen.queryByText(/NEVER/)).toBeNull();
  });
});
