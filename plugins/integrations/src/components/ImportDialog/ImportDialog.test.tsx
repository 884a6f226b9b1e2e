import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  FakeIntegrationsApi,
  makeIntegration,
} from '../../__testUtils__/FakeIntegrationsApi';
import { renderWithApis } from '../../__testUtils__/renderWithApis';
import { TOAST_TIMEOUT_MS } from '../../hooks/useToast';
import { IntegrationsPageContent } from '../IntegrationsPage/IntegrationsPage';

const row = (name: string, url = 'https://api.example.com') => ({
  name,
  type: 'ai',
  urls: [{ url }],
  projects: [],
  credentials: [{ key: 'API_KEY', value: `secret-of-${name}` }],
});

const fileOf = (data: unknown) =>
  new File([JSON.stringify(data)], 'integrations.json', {
    type: 'application/json',
  });

async function openDialog(api: FakeIntegrationsApi) {
  const rendered = await renderWithApis(<IntegrationsPageContent />, { api });
  await userEvent.click(await screen.findByRole('button', { name: 'Import' }));
  const dialog = await screen.findByRole('dialog', {
    name: 'Import integrations',
  });
  return { ...rendered, dialog };
}

describe('ImportDialog', () => {
  it('shows the error of a bad row, never a value, and imports nothing', async () => {
    const api = new FakeIntegrationsApi([makeIntegration()]);
    const { dialog } = await openDialog(api);
    await userEvent.upload(
      within(dialog).getByLabelText('Choose JSON or YAML file'),
      fileOf([row('Good'), row('Bad', 'ftp://nope')]),
    );
    const preview = await within(dialog).findByRole('table', {
      name: 'Import preview',
    });
    expect(
      within(preview).getByText('urls[0].url: must be an absolute http(s) URL'),
    ).toBeInTheDocument();
    expect(within(preview).getAllByText('API_KEY')).toHaveLength(2);
    expect(dialog).not.toHaveTextContent(/secret-of-/);
    expect(
      within(dialog).getByRole('button', { name: 'Import 2 integrations' }),
    ).toBeDisabled();
    // Checked here: the server is not asked while a row fails the shared rules.
    expect(api.importCalls).toEqual([]);
  });

  it('shows the errors of the dry run', async () => {
    const api = new FakeIntegrationsApi();
    api.existingNames = ['Taken'];
    const { dialog } = await openDialog(api);
    await userEvent.upload(
      within(dialog).getByLabelText('Choose JSON or YAML file'),
      fileOf({ integrations: [row('Taken')] }),
    );
    expect(
      await within(dialog).findByText('name: already exists'),
    ).toBeInTheDocument();
    expect(api.importCalls).toHaveLength(1);
    expect(api.importCalls[0].dryRun).toBe(true);
  });

  it('imports a good file in one request, toasts and reloads the list', async () => {
    const api = new FakeIntegrationsApi([makeIntegration()]);
    const { dialog, toastApi } = await openDialog(api);
    await userEvent.upload(
      within(dialog).getByLabelText('Choose JSON or YAML file'),
      fileOf({ integrations: [row('OpenAI'), row('Anthropic')] }),
    );
    const submit = await within(dialog).findByRole('button', {
      name: 'Import 2 integrations',
    });
    await waitFor(() => expect(submit).toBeEnabled());
    const lists = api.listCalls.length;
    await userEvent.click(submit);
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(api.importCalls.map(c => c.dryRun)).toEqual([true, false]);
    expect(api.importCalls[1].integrations).toHaveLength(2);
    expect(toastApi.getToasts()).toEqual([
      {
        title: 'Imported 2 integrations',
        status: 'success',
        timeout: TOAST_TIMEOUT_MS,
      },
    ]);
    expect(await screen.findByText('Anthropic')).toBeInTheDocument();
    expect(api.listCalls.length).toBeGreaterThan(lists);
  });

  it('says what is wrong with a file that is not a list', async () => {
    const { dialog } = await openDialog(new FakeIntegrationsApi());
    await userEvent.upload(
      within(dialog).getByLabelText('Choose JSON or YAML file'),
      fileOf({ name: 'x' }),
    );
    expect(
      await within(dialog).findByText(/must hold an array of integrations/),
    ).toBeInTheDocument();
  });

  it('turns pasted .env text into one integration named and typed in the dialog', async () => {
    const api = new FakeIntegrationsApi();
    const { dialog } = await openDialog(api);
    await userEvent.click(
      within(dialog).getByRole('tab', { name: '.env text' }),
    );
    // Pasted, as users do (typing it key by key re-renders the page per key: slow under load).
    await userEvent.click(within(dialog).getByLabelText('.env text'));
    await userEvent.paste('# OpenAI\nexport OPENAI_API_KEY="sk-1"\nORG=org-2');
    await userEvent.type(within(dialog).getByLabelText('Name'), 'OpenAI');
    await userEvent.click(
      within(dialog).getByRole('button', { name: /^Type/ }),
    );
    await userEvent.click(await screen.findByRole('option', { name: 'AI' }));
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Check' }),
    );
    const preview = await within(dialog).findByRole('table', {
      name: 'Import preview',
    });
    expect(
      within(preview).getByText('OPENAI_API_KEY, ORG'),
    ).toBeInTheDocument();
    expect(preview).not.toHaveTextContent('sk-1');
    expect(api.importCalls[0].integrations).toEqual([
      {
        name: 'OpenAI',
        type: 'ai',
        urls: [],
        projects: [],
        credentials: [
          { key: 'OPENAI_API_KEY', value: 'sk-1' },
          { key: 'ORG', value: 'org-2' },
        ],
      },
    ]);
  });

  it('is not offered without the create permission', async () => {
    await renderWithApis(<IntegrationsPageContent />, {
      api: new FakeIntegrationsApi([makeIntegration()]),
      allow: name => name !== 'integrations.integration.create',
    });
    await screen.findByText('Stripe');
    expect(
      screen.queryByRole('button', { name: 'Import' }),
    ).not.toBeInTheDocument();
  });
});
