import { screen } from '@testing-library/react';
import {
  FakeIntegrationsApi,
  makeIntegration,
} from '../../__testUtils__/FakeIntegrationsApi';
import { renderWithApis } from '../../__testUtils__/renderWithApis';
import { IntegrationsPageContent } from './IntegrationsPage';

const READ = 'integrations.integration.read';
const CREATE = 'integrations.integration.create';

/** A store whose list answers with the server's read decision `access`. */
const storeWith = (
  access: FakeIntegrationsApi['access'],
  items = [] as ReturnType<typeof makeIntegration>[],
) => {
  const api = new FakeIntegrationsApi(items);
  api.access = access;
  return api;
};

/** Without read the toolbar has no search box, filters or Export. */
function expectNothingToSearchOrExport() {
  expect(
    screen.queryByRole('textbox', { name: 'Search' }),
  ).not.toBeInTheDocument();
  expect(
    screen.queryByRole('button', { name: /Export/ }),
  ).not.toBeInTheDocument();
}

describe('IntegrationsPage empty states', () => {
  it('says a user without the read right has no access, and names the right', async () => {
    await renderWithApis(<IntegrationsPageContent />, {
      api: storeWith('none'),
      allow: name => name !== READ && name !== CREATE,
    });
    expect(
      await screen.findByText('No access to integrations'),
    ).toBeInTheDocument();
    expect(screen.getByText(new RegExp(READ))).toBeInTheDocument();
    expect(screen.queryByText('No integrations yet')).not.toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: /Add/ }),
    ).not.toBeInTheDocument();
    expectNothingToSearchOrExport();
  });

  it('keeps only Import and Add for a user who may create but read none', async () => {
    await renderWithApis(<IntegrationsPageContent />, {
      api: storeWith('none'),
      allow: name => name !== READ,
    });
    expect(
      await screen.findByText('No access to integrations'),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('button', { name: 'Add' }),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Import' })).toBeInTheDocument();
    expectNothingToSearchOrExport();
  });

  it('says "you can see" when read is conditional and nothing is visible', async () => {
    await renderWithApis(<IntegrationsPageContent />, {
      api: storeWith('filtered'),
    });
    expect(
      await screen.findByText('No integrations you can see yet'),
    ).toBeInTheDocument();
    expect(screen.queryByText('No integrations yet')).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: '+ Add' })).toBeInTheDocument();
  });

  it('says "no integrations yet" only when read is allowed for all', async () => {
    await renderWithApis(<IntegrationsPageContent />, {
      api: storeWith('all'),
    });
    expect(await screen.findByText('No integrations yet')).toBeInTheDocument();
  });

  it('says no access when the list answers 403', async () => {
    const api = new FakeIntegrationsApi();
    api.listIntegrations = async () => {
      const error = new Error('Missing integrations.integration.read');
      error.name = 'NotAllowedError';
      throw error;
    };
    await renderWithApis(<IntegrationsPageContent />, { api });
    expect(
      await screen.findByText('No access to integrations'),
    ).toBeInTheDocument();
  });

  it('lists what a conditional reader may see', async () => {
    await renderWithApis(<IntegrationsPageContent />, {
      api: storeWith('filtered', [makeIntegration({ name: 'Stripe' })]),
    });
    expect(await screen.findByText('Stripe')).toBeInTheDocument();
  });
});
