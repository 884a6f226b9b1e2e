import { fireEvent, screen, waitFor } from '@testing-library/react';
import { useLocation } from 'react-router-dom';
import {
  FakeIntegrationsApi,
  makeIntegration,
} from '../../__testUtils__/FakeIntegrationsApi';
import { renderWithApis } from '../../__testUtils__/renderWithApis';
import { IntegrationsPageContent } from './IntegrationsPage';

function LocationProbe() {
  const location = useLocation();
  return <output aria-label="location">{location.search}</output>;
}

const inDays = (days: number) =>
  new Date(Date.now() + days * 24 * 3600 * 1000).toISOString();

const credential = (expiresAt: string) => ({
  key: 'TOKEN',
  hasValue: true,
  createdAt: '2026-01-01T00:00:00.000Z',
  rotatedAt: '2026-01-01T00:00:00.000Z',
  rotationState: 'ok' as const,
  expiresAt,
});

const api = () =>
  new FakeIntegrationsApi([
    makeIntegration({
      id: 'a',
      name: 'Soon',
      credentials: [credential(inDays(5))],
    }),
    makeIntegration({
      id: 'b',
      name: 'Later',
      credentials: [credential(inDays(60))],
    }),
    makeIntegration({
      id: 'c',
      name: 'Gone',
      credentials: [credential(inDays(-2))],
    }),
  ]);

describe('Expiry filter', () => {
  it('filters "Expires within 7 days" on the server and keeps it in the URL', async () => {
    const fake = api();
    await renderWithApis(
      <>
        <IntegrationsPageContent />
        <LocationProbe />
      </>,
      { api: fake },
    );
    await screen.findByText('Later');
    fireEvent.mouseDown(screen.getByRole('button', { name: /^Expiry/ }));
    fireEvent.click(
      await screen.findByRole('option', { name: 'Expires within 7 days' }),
    );
    await waitFor(() => expect(screen.queryByText('Later')).toBeNull());
    expect(screen.getByText('Soon')).toBeInTheDocument();
    expect(fake.listCalls.at(-1)).toMatchObject({ expiresWithinDays: 7 });
    expect(fake.listCalls.at(-1)?.expired).toBeUndefined();
    expect(screen.getByLabelText('location')).toHaveTextContent(
      '?expiresWithinDays=7',
    );

    fireEvent.mouseDown(screen.getByRole('button', { name: /^Expiry/ }));
    fireEvent.click(await screen.findByRole('option', { name: 'Expired' }));
    expect(await screen.findByText('Gone')).toBeInTheDocument();
    expect(fake.listCalls.at(-1)).toMatchObject({ expired: true });
    expect(fake.listCalls.at(-1)?.expiresWithinDays).toBeUndefined();
    expect(screen.getByLabelText('location')).toHaveTextContent(
      '?expired=true',
    );
  });

  it('reads the expiry filter from the URL', async () => {
    const fake = api();
    await renderWithApis(<IntegrationsPageContent />, {
      api: fake,
      route: '/?expiresWithinDays=90',
    });
    expect(await screen.findByText('Later')).toBeInTheDocument();
    expect(screen.queryByText('Gone')).not.toBeInTheDocument();
    expect(fake.listCalls[0]).toMatchObject({ expiresWithinDays: 90 });
    expect(screen.getByRole('button', { name: /^Expiry/ })).toHaveTextContent(
      'Expires within 90 days',
    );
  });

  it('says nothing matches when a filtered list is empty', async () => {
    await renderWithApis(<IntegrationsPageContent />, {
      api: new FakeIntegrationsApi([makeIntegration()]),
      route: '/?expired=true',
    });
    expect(
      await screen.findByText('No integrations match these filters.'),
    ).toBeInTheDocument();
  });
});
