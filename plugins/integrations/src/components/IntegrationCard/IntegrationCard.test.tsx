import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  FakeIntegrationsApi,
  makeIntegration,
} from '../../__testUtils__/FakeIntegrationsApi';
import { renderWithApis } from '../../__testUtils__/renderWithApis';
import { IntegrationCard } from './IntegrationCard';

const inDays = (days: number) =>
  new Date(Date.now() + days * 24 * 60 * 60 * 1000).toISOString();

const credential = (key: string, expiresAt?: string) => ({
  key,
  hasValue: true,
  createdAt: '2026-01-01T00:00:00Z',
  rotatedAt: '2026-01-01T00:00:00Z',
  rotationState: 'ok' as const,
  ...(expiresAt ? { expiresAt } : {}),
});

async function renderCard(integration = makeIntegration()) {
  await renderWithApis(
    <IntegrationCard integration={integration} link="/x" onEdit={jest.fn()} />,
    { api: new FakeIntegrationsApi([integration]) },
  );
}

describe('IntegrationCard', () => {
  it('keeps a long name on one line and shows it whole in a tooltip', async () => {
    const name =
      'Payments gateway for the checkout and billing services in Europe';
    await renderCard(makeIntegration({ name }));
    const heading = screen.getByRole('heading', { name });
    expect(heading).toHaveStyle({
      whiteSpace: 'nowrap',
      textOverflow: 'ellipsis',
      overflow: 'hidden',
    });
    await userEvent.hover(heading);
    expect(await screen.findByRole('tooltip')).toHaveTextContent(name);
  });

  it('counts projects from the assignments, not the deprecated projects field', async () => {
    const integration = makeIntegration({ projects: ['component:default/a'] });
    await renderCard({ ...integration, projects: [] });
    expect(screen.getByText(/1 project/)).toBeInTheDocument();
  });

  it('marks credentials that expired or expire within 30 days', async () => {
    await renderCard(
      makeIntegration({
        credentials: [
          credential('OLD_KEY', inDays(-2)),
          credential('SOON_KEY', inDays(12.5)),
          credential('LATER_KEY', inDays(90)),
          credential('NO_EXPIRY'),
        ],
      }),
    );
    const chips = screen.getAllByTestId('credential-expiry');
    expect(chips.map(c => c.textContent)).toEqual([
      'Expired',
      'Expires in 13 days',
    ]);
    await userEvent.hover(chips[1]);
    expect(await screen.findByRole('tooltip')).toHaveTextContent(
      /SOON_KEY expires/,
    );
  });
});
