import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { FakeIntegrationsApi, makeIntegration } from '../../__testUtils__/FakeIntegrationsApi';
import { alertApi, renderWithApis } from '../../__testUtils__/renderWithApis';
import { IntegrationsPage } from './IntegrationsPage';

function renderPage(
  api: FakeIntegrationsApi,
  options: { allow?: (name: string) => boolean; route?: string } = {},
) {
  return renderWithApis(<IntegrationsPage />, { api, ...options });
}

const two = () =>
  new FakeIntegrationsApi([
    makeIntegration({ id: 'a', name: 'Stripe', type: 'payments' }),
    makeIntegration({ id: 'b', name: 'OpenAI', type: 'ai', urls: [{ url: 'https://api.openai.example' }], credentials: [] }),
  ]);

describe('IntegrationsPage', () => {
  beforeEach(() => alertApi.post.mockReset());

  it('shows the empty state with + Add when there is nothing yet', async () => {
    await renderPage(new FakeIntegrationsApi());
    expect(await screen.findByText('No integrations yet')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: '+ Add' })).toBeInTheDocument();
  });

  it('hides Add without the create permission', async () => {
    await renderPage(two(), { allow: name => name !== 'integrations.integration.create' });
    expect(await screen.findByText('Stripe')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Add' })).not.toBeInTheDocument();
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
    await waitFor(() => expect(screen.queryByText('Stripe')).not.toBeInTheDocument());
    expect(api.listCalls.at(-1)).toMatchObject({ type: ['ai'] });
  });

  it('searches live, debounced, by name or credential key', async () => {
    const api = two();
    await renderPage(api);
    await screen.findByText('Stripe');
    const calls = api.listCalls.length;
    await userEvent.type(screen.getByLabelText('Search'), 'secret_k');
    await waitFor(() => expect(screen.queryByText('OpenAI')).not.toBeInTheDocument());
    // One request for the whole word, not one per keystroke.
    expect(api.listCalls.length - calls).toBe(1);
    expect(api.listCalls.at(-1)).toMatchObject({ q: 'secret_k' });
  });

  it('shows Edit only with the update permission, and Copy Link copies the deep link', async () => {
    const writeText = jest.fn().mockResolvedValue(undefined);
    Object.assign(window.navigator, { clipboard: { writeText } });
    await renderPage(two(), { allow: name => name !== 'integrations.integration.update' });
    await screen.findByText('Stripe');
    expect(screen.queryByRole('button', { name: 'Edit Stripe' })).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Copy link to Stripe' }));
    expect(writeText).toHaveBeenCalledWith(`${window.location.origin}/a`);
    expect(alertApi.post).toHaveBeenCalledWith(expect.objectContaining({ message: 'Link copied' }));
  });

  it('opens the edit drawer from the card and from a deep link', async () => {
    await renderPage(two());
    await userEvent.click(await screen.findByRole('button', { name: 'Edit Stripe' }));
    const drawer = await screen.findByRole('dialog', { name: 'Edit integration' });
    expect(await within(drawer).findByDisplayValue('Stripe')).toBeInTheDocument();
  });

  it('opens the drawer for a deep link and says when the id is unknown', async () => {
    await renderPage(two(), { route: '/missing' });
    expect(await screen.findByText(/Integration not found/)).toBeInTheDocument();
  });
});
