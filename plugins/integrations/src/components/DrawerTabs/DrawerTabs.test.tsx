import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { integrationsApiRef } from '../../api/IntegrationsApi';
import { rootRouteRef } from '../../routes';
import {
  FakeIntegrationsApi,
  makeIntegration,
  TYPES,
} from '../../__testUtils__/FakeIntegrationsApi';
import { renderWithApis } from '../../__testUtils__/renderWithApis';
import { IntegrationDrawer } from '../IntegrationDrawer/IntegrationDrawer';
import { EntityIntegrationsContent } from '../EntityIntegrationsContent/EntityIntegrationsContent';
import { IntegrationCard } from '../IntegrationCard/IntegrationCard';

const CHECKOUT = 'component:default/checkout';
const minutesAgo = (m: number) =>
  new Date(Date.now() - m * 60_000).toISOString();

function apiWithUsage() {
  const api = new FakeIntegrationsApi([makeIntegration({ id: 'int-1' })]);
  api.usage['int-1'] = {
    items: [
      {
        consumer: 'plugin:billing',
        project: CHECKOUT,
        firstUsedAt: minutesAgo(3 * 24 * 60),
        lastUsedAt: minutesAgo(5),
        totalCount: 42,
        days: [{ day: '2026-11-24', count: 42 }],
      },
    ],
  };
  api.versions['int-1'] = [
    {
      key: 'SECRET_KEY',
      version: 1,
      current: false,
      createdAt: '2025-12-01T00:00:00.000Z',
      createdBy: 'user:default/bob',
      keyId: 'key-0',
      supersededAt: '2026-01-01T00:00:00.000Z',
    },
  ];
  return api;
}

async function openDrawer(api: FakeIntegrationsApi, allowUpdate = true) {
  const { toastApi } = await renderWithApis(
    <IntegrationDrawer
      target={{ mode: 'edit', id: 'int-1' }}
      types={TYPES}
      onClose={jest.fn()}
      onSaved={jest.fn()}
    />,
    {
      api,
      allow: name => allowUpdate || name !== 'integrations.integration.update',
    },
  );
  const drawer = await screen.findByRole('dialog', {
    name: 'Edit integration',
  });
  return { drawer, toastApi };
}

/** The drawer's sections of a saved integration sit in tabs beside Details. */
async function openTab(drawer: HTMLElement, name: string) {
  await userEvent.click(await within(drawer).findByRole('tab', { name }));
}

describe('the drawer tabs of a saved integration', () => {
  it('shows who used it, with relative times', async () => {
    const { drawer } = await openDrawer(apiWithUsage());
    await openTab(drawer, 'Usage');
    const usedBy = await within(drawer).findByRole('list', { name: 'Used by' });
    expect(
      within(usedBy).getByText(`plugin:billing · ${CHECKOUT}`),
    ).toBeInTheDocument();
    expect(
      within(usedBy).getByText(/Last used 5 minutes ago · 42 uses since/),
    ).toBeInTheDocument();
  });

  it('pauses a project with a reason after showing who used it recently, and resumes it', async () => {
    const api = apiWithUsage();
    const { drawer, toastApi } = await openDrawer(api);
    await openTab(drawer, 'Projects');
    const row = await within(drawer).findByRole('group', { name: CHECKOUT });
    expect(within(row).getByText('Active')).toBeInTheDocument();
    await userEvent.click(
      within(row).getByRole('button', { name: `Pause ${CHECKOUT}` }),
    );
    expect(within(row).getByRole('alert')).toHaveTextContent(
      /Pausing component:default\/checkout affects consumers .* plugin:billing/,
    );
    await userEvent.type(
      within(row).getByLabelText('Reason (optional)'),
      'key leaked',
    );
    await userEvent.click(
      within(row).getByRole('button', { name: 'Pause project' }),
    );
    expect(await within(row).findByText('Paused')).toBeInTheDocument();
    expect(within(row).getByText(/key leaked/)).toBeInTheDocument();
    expect(api.items[0].assignments?.[0]).toMatchObject({
      active: false,
      pauseReason: 'key leaked',
    });

    await userEvent.click(
      within(row).getByRole('button', { name: `Resume ${CHECKOUT}` }),
    );
    expect(await within(row).findByText('Active')).toBeInTheDocument();
    // Said in the drawer: a toast would sit over its Save.
    expect(within(drawer).getByRole('status')).toHaveTextContent(
      `Resumed ${CHECKOUT}`,
    );
    expect(toastApi.getToasts()).toEqual([]);
  });

  it('lists versions without values and rolls back after a confirmation', async () => {
    const api = apiWithUsage();
    const { drawer } = await openDrawer(api);
    await openTab(drawer, 'Versions');
    const list = await within(drawer).findByRole('list', {
      name: 'Credential versions',
    });
    expect(
      await within(list).findByText('SECRET_KEY · version 2'),
    ).toBeInTheDocument();
    expect(within(list).getByText(/by user:default\/bob/)).toBeInTheDocument();
    expect(within(list).getByText('key key-0')).toBeInTheDocument();
    expect(list).not.toHaveTextContent('sk_test');

    await userEvent.click(
      within(list).getByRole('button', {
        name: 'Roll back SECRET_KEY to version 1',
      }),
    );
    expect(within(list).getByRole('alert')).toHaveTextContent(
      'Rolling back SECRET_KEY affects',
    );
    await userEvent.click(
      within(list).getByRole('button', { name: 'Confirm roll back' }),
    );
    await waitFor(() =>
      expect(api.rollbacks).toEqual([
        { id: 'int-1', key: 'SECRET_KEY', version: 1 },
      ]),
    );
    expect(
      await within(list).findByText('SECRET_KEY · version 3'),
    ).toBeInTheDocument();
    expect(within(drawer).getByRole('status')).toHaveTextContent(
      'Rolled back SECRET_KEY to version 1',
    );
  });

  it('offers no pause or roll back without update permission', async () => {
    const { drawer } = await openDrawer(apiWithUsage(), false);
    await openTab(drawer, 'Versions');
    const list = await within(drawer).findByRole('list', {
      name: 'Credential versions',
    });
    await within(list).findByText('SECRET_KEY · version 1');
    expect(
      within(drawer).queryByRole('button', { name: /Roll back/ }),
    ).toBeNull();
    await openTab(drawer, 'Projects');
    await within(drawer).findByRole('group', { name: CHECKOUT });
    expect(within(drawer).queryByRole('button', { name: /Pause/ })).toBeNull();
  });

  it('warns before delete which consumers used it recently', async () => {
    const { drawer } = await openDrawer(apiWithUsage());
    await userEvent.click(
      await within(drawer).findByRole('button', { name: 'Delete' }),
    );
    expect(
      within(drawer).getByRole('alert', { name: 'Recent consumers' }),
    ).toHaveTextContent('Deleting Stripe affects consumers');
  });
});

describe('paused assignments elsewhere', () => {
  const paused = makeIntegration({
    id: 'int-1',
    assignments: [
      {
        entityRef: CHECKOUT,
        assignedAt: '2026-01-01T00:00:00.000Z',
        assignedBy: 'user:default/alice',
        active: false,
        pausedAt: '2026-11-24T10:00:00.000Z',
        pausedBy: 'user:default/alice',
      },
    ],
  });

  it('marks the card', async () => {
    await renderWithApis(
      <IntegrationCard integration={paused} link="/x" onEdit={jest.fn()} />,
      { api: new FakeIntegrationsApi([paused]) },
    );
    expect(screen.getByText('Paused in 1 project')).toBeInTheDocument();
  });

  it('marks the entity tab of the paused project', async () => {
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [integrationsApiRef, new FakeIntegrationsApi([paused])],
          // The entity tab asks whether the user may read integrations at all.
          [permissionApiRef, mockApis.permission()],
        ]}
      >
        <EntityProvider
          entity={{
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'Component',
            metadata: { name: 'checkout', namespace: 'default' },
          }}
        >
          <EntityIntegrationsContent />
        </EntityProvider>
      </TestApiProvider>,
      { mountedRoutes: { '/integrations': rootRouteRef } },
    );
    expect(
      await screen.findByText('Paused for this entity'),
    ).toBeInTheDocument();
  });
});
