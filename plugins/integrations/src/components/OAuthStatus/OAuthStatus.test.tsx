import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { FakeIntegrationsApi } from '../../__testUtils__/FakeIntegrationsApi';
import { renderWithApis } from '../../__testUtils__/renderWithApis';
import { OAuthStatus } from './OAuthStatus';

const settings = {
  enabled: true,
  tokenUrlLabel: 'token',
  tokenHost: 'login.example.com',
  clientSecretResolvable: false,
  lastTokenError: {
    reason:
      'OAuth token endpoint login.example.com answered 401 (invalid_client)',
    at: '2026-12-07T10:00:00Z',
  },
};

describe('OAuthStatus', () => {
  it('shows the token host and last error, and turns on resolving the client secret', async () => {
    const api = new FakeIntegrationsApi();
    api.oauth.set('int-1', settings);
    await renderWithApis(<OAuthStatus integrationId="int-1" canUpdate />, {
      api,
    });
    expect(
      await screen.findByText(/tokens minted at login\.example\.com/),
    ).toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent(
      'answered 401 (invalid_client)',
    );
    const toggle = screen.getByRole('checkbox', {
      name: 'Resolve returns the client secret too',
    });
    expect(toggle).not.toBeChecked();
    await userEvent.click(toggle);
    await waitFor(() =>
      expect(api.oauth.get('int-1')?.clientSecretResolvable).toBe(true),
    );
    await waitFor(() => expect(toggle).toBeChecked());
  });

  it('keeps the switch off for a user who may not update, and shows nothing for other types', async () => {
    const api = new FakeIntegrationsApi();
    api.oauth.set('int-1', settings);
    await renderWithApis(
      <>
        <OAuthStatus integrationId="int-1" canUpdate={false} />
        <OAuthStatus integrationId="int-2" canUpdate />
      </>,
      { api },
    );
    expect(
      await screen.findByRole('checkbox', {
        name: 'Resolve returns the client secret too',
      }),
    ).toBeDisabled();
    expect(screen.getAllByRole('checkbox')).toHaveLength(1);
  });
});
