import { screen } from '@testing-library/react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  FakeIntegrationsApi,
  makeIntegration,
} from '../../__testUtils__/FakeIntegrationsApi';
import { renderWithApis } from '../../__testUtils__/renderWithApis';
import { IntegrationsPageContent } from './IntegrationsPage';

const READ = 'integrations.integration.read';

describe('IntegrationsPage empty states', () => {
  it('says a user without the read right has no access, and names the right', async () => {
    await renderWithApis(<IntegrationsPageContent />, {
      api: new FakeIntegrationsApi(),
      allow: name => name !== READ,
    });
    expect(
      await screen.findByText('No access to integrations'),
    ).toBeInTheDocument();
    expect(screen.getByText(new RegExp(READ))).toBeInTheDocument();
    expect(screen.queryByText('No integrations yet')).not.toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: '+ Add' }),
    ).not.toBeInTheDocument();
  });

  it('says "you can see" when read is conditional and nothing is visible', async () => {
    await renderWithApis(<IntegrationsPageContent />, {
      api: new FakeIntegrationsApi(),
      decide: name =>
        name === READ ? AuthorizeResult.CONDITIONAL : AuthorizeResult.ALLOW,
    });
    expect(
      await screen.findByText('No integrations you can see yet'),
    ).toBeInTheDocument();
    expect(screen.queryByText('No integrations yet')).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: '+ Add' })).toBeInTheDocument();
  });

  it('says "you can see" when the read decision cannot be asked', async () => {
    await renderWithApis(<IntegrationsPageContent />, {
      api: new FakeIntegrationsApi(),
      decide: name => {
        // The stock permission backend refuses a resource permission without a resourceRef.
        if (name === READ)
          throw new Error('Resource permissions require a resourceRef');
        return AuthorizeResult.ALLOW;
      },
    });
    expect(
      await screen.findByText('No integrations you can see yet'),
    ).toBeInTheDocument();
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
      api: new FakeIntegrationsApi([makeIntegration({ name: 'Stripe' })]),
      decide: name =>
        name === READ ? AuthorizeResult.CONDITIONAL : AuthorizeResult.ALLOW,
    });
    expect(await screen.findByText('Stripe')).toBeInTheDocument();
  });
});
