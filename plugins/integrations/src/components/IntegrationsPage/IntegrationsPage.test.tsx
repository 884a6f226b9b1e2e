import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createTranslationMessages } from '@backstage/frontend-plugin-api';
import {
  FakeIntegrationsApi,
  makeIntegration,
} from '../../__testUtils__/FakeIntegrationsApi';
import { renderWithApis } from '../../__testUtils__/renderWithApis';
import { TOAST_TIMEOUT_MS } from '../../hooks/useToast';
import { useLocation } from 'react-router-dom';
import { integrationsTranslationRef } from '../../translation';
import { IntegrationsPageContent, PAGE_SIZE } from './IntegrationsPage';
import { IntegrationsPage } from './LegacyIntegrationsPage';

function LocationProbe() {
  const location = useLocation();
  return (
    <output aria-label="location">{`${location.pathname}${location.search}`}</output>
  );
}

function renderPage(
  api: FakeIntegrationsApi,
  options: {
    allow?: (name: string) => boolean;
    route?: string;
    config?: object;
    messages?: Parameters<typeof renderWithApis>[1]['messages'];
  } = {},
) {
  return renderWithApis(
    <>
      <IntegrationsPageContent />
      <LocationProbe />
    </>,
    { api, ...options },
  );
}

const two = () =>
  new FakeIntegrationsApi([
    makeIntegration({ id: 'a', name: 'Stripe', type: 'payments' }),
    makeIntegration({
      id: 'b',
      name: 'OpenAI',
      type: 'ai',
      urls: [{ url: 'https://api.openai.example' }],
      credentials: [],
    }),
  ]);

describe('IntegrationsPage', () => {
  it('draws no header of its own in the new frontend system', async () => {
    await renderPage(two());
    expect(await screen.findByText('Stripe')).toBeInTheDocument();
    expect(screen.queryByRole('heading', { level: 1 })).not.toBeInTheDocument();
    expect(screen.queryByRole('banner')).not.toBeInTheDocument();
    expect(
      screen.queryByText(
        'Service connections, their URLs, credentials and projects',
      ),
    ).not.toBeInTheDocument();
  });

  it('draws its own header as the legacy page', async () => {
    await renderWithApis(<IntegrationsPage />, { api: two() });
    expect(
      screen.getByRole('heading', { level: 1, name: 'Integrations' }),
    ).toBeInTheDocument();
    expect(await screen.findByText('Stripe')).toBeInTheDocument();
  });

  it('shows the messages an adopter put over the English ones', async () => {
    await renderPage(new FakeIntegrationsApi(), {
      messages: createTranslationMessages({
        ref: integrationsTranslationRef,
        messages: { 'page.emptyTitle': 'Nothing connected yet' },
      }),
    });
    expect(
      await screen.findByText('Nothing connected yet'),
    ).toBeInTheDocument();
    expect(screen.queryByText('No integrations yet')).not.toBeInTheDocument();
    // Messages not overridden keep their English text.
    expect(screen.getByRole('button', { name: '+ Add' })).toBeInTheDocument();
  });

  it('shows the empty state with + Add when there is nothing yet', async () => {
    await renderPage(new FakeIntegrationsApi());
    expect(await screen.findByText('No integrations yet')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: '+ Add' })).toBeInTheDocument();
  });

  it('hides Add without the create permission', async () => {
    await renderPage(two(), {
      allow: name => name !== 'integrations.integration.create',
    });
    expect(await screen.findByText('Stripe')).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Add' }),
    ).not.toBeInTheDocument();
  });

  it('renders a card per integration with type, host and project count', async () => {
    await renderPage(two());
    const card = await screen.findByLabelText('Stripe');
    expect(card).toHaveTextContent('Payments · api.stripe.example · 1 project');
    expect(screen.getByText('2 integrations')).toBeInTheDocument();
  });

  it('filters by type through the server query, with counts in the menu', async () => {
    const api = two();
    await renderPage(api);
    await screen.findByText('Stripe');
    fireEvent.mouseDown(screen.getByRole('button', { name: /^Type/ }));
    fireEvent.click(await screen.findByRole('option', { name: /AI \(1\)/ }));
    await waitFor(() =>
      expect(screen.queryByText('Stripe')).not.toBeInTheDocument(),
    );
    expect(api.listCalls.at(-1)).toMatchObject({ type: ['ai'] });
  });

  it('searches live, debounced, by name or credential key', async () => {
    const api = two();
    await renderPage(api);
    await screen.findByText('Stripe');
    const calls = api.listCalls.length;
    await userEvent.type(screen.getByLabelText('Search'), 'secret_k');
    await waitFor(() =>
      expect(screen.queryByText('OpenAI')).not.toBeInTheDocument(),
    );
    // One request for the whole word, not one per keystroke.
    expect(api.listCalls.length - calls).toBe(1);
    expect(api.listCalls.at(-1)).toMatchObject({ q: 'secret_k' });
    expect(screen.getByLabelText('location')).toHaveTextContent('/?q=secret_k');
  });

  it('reads type and search from the URL, so a reload keeps the filters', async () => {
    const api = two();
    await renderPage(api, { route: '/?type=ai&q=open' });
    expect(await screen.findByText('OpenAI')).toBeInTheDocument();
    expect(screen.queryByText('Stripe')).not.toBeInTheDocument();
    expect(api.listCalls[0]).toMatchObject({ type: ['ai'], q: 'open' });
    expect(screen.getByLabelText('Search')).toHaveValue('open');
  });

  it('filters unused integrations with the Unused switch, kept in the URL, and marks their cards', async () => {
    const longAgo = new Date(Date.now() - 40 * 24 * 3600 * 1000).toISOString();
    const api = new FakeIntegrationsApi([
      makeIntegration({
        id: 'a',
        name: 'Stripe',
        unused: true,
        lastUsedAt: longAgo,
      }),
      makeIntegration({ id: 'b', name: 'Twilio', unused: true }),
      makeIntegration({
        id: 'c',
        name: 'OpenAI',
        type: 'ai',
        unused: false,
        lastUsedAt: new Date().toISOString(),
      }),
    ]);
    await renderPage(api, {
      config: { integrationsHub: { usage: { unusedAfterDays: 45 } } },
    });
    const stripe = await screen.findByLabelText('Stripe');
    // The chip's title (on the chip, around its label) says when it was last used.
    const chip = (card: HTMLElement) =>
      within(card).getByText('Unused for 45+ days').closest('[title]');
    expect(chip(stripe)).toHaveAttribute('title', 'Last used last month');
    expect(chip(screen.getByLabelText('Twilio'))).toHaveAttribute(
      'title',
      'No use recorded',
    );
    expect(
      within(screen.getByLabelText('OpenAI')).queryByText(/Unused/),
    ).not.toBeInTheDocument();

    await userEvent.click(screen.getByRole('checkbox', { name: 'Unused' }));
    await waitFor(() => expect(screen.queryByText('OpenAI')).toBeNull());
    expect(api.listCalls[api.listCalls.length - 1]).toMatchObject({
      unused: true,
    });
    expect(screen.getByLabelText('location')).toHaveTextContent(
      '/?unused=true',
    );
    expect(screen.getByText('2 integrations')).toBeInTheDocument();

    await userEvent.click(screen.getByRole('checkbox', { name: 'Unused' }));
    expect(await screen.findByText('OpenAI')).toBeInTheDocument();
    expect(api.listCalls[api.listCalls.length - 1].unused).toBeUndefined();
  });

  it('reads the Unused filter from the URL', async () => {
    const api = two();
    api.items[0].unused = true;
    await renderPage(api, { route: '/?unused=true' });
    expect(await screen.findByText('Stripe')).toBeInTheDocument();
    expect(screen.queryByText('OpenAI')).not.toBeInTheDocument();
    expect(api.listCalls[0]).toMatchObject({ unused: true });
    expect(screen.getByRole('checkbox', { name: 'Unused' })).toBeChecked();
    // Default window without config.
    expect(screen.getByText('Unused for 30+ days')).toBeInTheDocument();
  });

  it('renders one server page of cards out of 5,000 integrations', async () => {
    const many = Array.from({ length: 5000 }, (_, i) =>
      makeIntegration({
        id: `id-${i}`,
        name: `Integration ${String(i).padStart(4, '0')}`,
      }),
    );
    const api = new FakeIntegrationsApi(many);
    await renderPage(api);
    expect(await screen.findByText('5,000 integrations')).toBeInTheDocument();
    expect(screen.getAllByTestId('integration-card')).toHaveLength(PAGE_SIZE);
    expect(api.listCalls[0]).toMatchObject({ limit: PAGE_SIZE });
    expect(api.listCalls[0].cursor).toBeUndefined();
    await userEvent.click(screen.getByRole('button', { name: 'Next page' }));
    expect(
      await screen.findByText(
        `Integration ${String(PAGE_SIZE).padStart(4, '0')}`,
      ),
    ).toBeInTheDocument();
    // The server's nextCursor, passed back as given.
    expect(api.listCalls.at(-1)).toMatchObject({
      cursor: `p${PAGE_SIZE}`,
      limit: PAGE_SIZE,
    });
    await userEvent.click(screen.getByRole('button', { name: 'First page' }));
    expect(await screen.findByText('Integration 0000')).toBeInTheDocument();
  });

  it('aborts the request of every stale keystroke', async () => {
    const api = two();
    await renderPage(api);
    await screen.findByText('Stripe');
    const search = screen.getByLabelText('Search');
    await userEvent.type(search, 's');
    await waitFor(() => expect(api.listCalls.at(-1)?.q).toBe('s'));
    await userEvent.type(search, 't');
    await waitFor(() => expect(api.listCalls.at(-1)?.q).toBe('st'));
    const signals = api.listSignals;
    expect(signals.length).toBeGreaterThanOrEqual(3);
    // Every request but the last was cancelled when the next one started.
    expect(signals.slice(0, -1).every(s => s?.aborted)).toBe(true);
    expect(signals.at(-1)?.aborted).toBe(false);
  });

  it('shows Edit only with the update permission, and Copy Link copies the deep link', async () => {
    const writeText = jest.fn().mockResolvedValue(undefined);
    Object.assign(window.navigator, { clipboard: { writeText } });
    const { toastApi } = await renderPage(two(), {
      allow: name => name !== 'integrations.integration.update',
    });
    await screen.findByText('Stripe');
    expect(
      screen.queryByRole('button', { name: 'Edit Stripe' }),
    ).not.toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('button', { name: 'Copy link to Stripe' }),
    );
    expect(writeText).toHaveBeenCalledWith(`${window.location.origin}/a`);
    expect(toastApi.getToasts()).toEqual([
      { title: 'Link copied', status: 'success', timeout: TOAST_TIMEOUT_MS },
    ]);
  });

  it('opens the edit drawer from the card and from a deep link', async () => {
    await renderPage(two());
    await userEvent.click(
      await screen.findByRole('button', { name: 'Edit Stripe' }),
    );
    const drawer = await screen.findByRole('dialog', {
      name: 'Edit integration',
    });
    expect(
      await within(drawer).findByDisplayValue('Stripe'),
    ).toBeInTheDocument();
  });

  it('opens the drawer for a deep link and says when the id is unknown', async () => {
    await renderPage(two(), { route: '/missing' });
    expect(
      await screen.findByText(/Integration not found/),
    ).toBeInTheDocument();
  });
});
