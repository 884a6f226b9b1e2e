import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  FakeIntegrationsApi,
  makeIntegration,
} from '../../__testUtils__/FakeIntegrationsApi';
import { renderWithApis } from '../../__testUtils__/renderWithApis';
import { IntegrationsPageContent } from './IntegrationsPage';

describe('Export menu', () => {
  const createObjectURL = jest.fn(() => 'blob:export');
  const revokeObjectURL = jest.fn();
  beforeEach(() => {
    Object.assign(URL, { createObjectURL, revokeObjectURL });
    jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(() => {});
  });
  afterEach(() => jest.restoreAllMocks());

  it('downloads the export with the current filters', async () => {
    const api = new FakeIntegrationsApi([makeIntegration({ type: 'ai' })]);
    await renderWithApis(<IntegrationsPageContent />, {
      api,
      route: '/?type=ai&q=stripe&unused=false&expiresWithinDays=30',
    });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Export' }),
    );
    await userEvent.click(await screen.findByRole('menuitem', { name: 'CSV' }));
    await waitFor(() => expect(createObjectURL).toHaveBeenCalled());
    expect(api.exportCalls).toEqual([
      {
        format: 'csv',
        filters: {
          type: ['ai'],
          q: 'stripe',
          unused: undefined,
          expiresWithinDays: 30,
          expired: undefined,
        },
      },
    ]);
    expect(HTMLAnchorElement.prototype.click).toHaveBeenCalled();
  });

  it('says why an export failed', async () => {
    const api = new FakeIntegrationsApi([makeIntegration()]);
    api.exportIntegrations = async () => {
      throw new Error('boom');
    };
    await renderWithApis(<IntegrationsPageContent />, { api });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Export' }),
    );
    await userEvent.click(
      await screen.findByRole('menuitem', { name: 'JSON' }),
    );
    expect(await screen.findByText('Export failed: boom')).toBeInTheDocument();
  });
});
