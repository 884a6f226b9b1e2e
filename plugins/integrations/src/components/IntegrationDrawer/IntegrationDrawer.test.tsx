import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  FakeIntegrationsApi,
  makeIntegration,
  TYPES,
} from '../../__testUtils__/FakeIntegrationsApi';
import { renderWithApis } from '../../__testUtils__/renderWithApis';
import { TOAST_TIMEOUT_MS } from '../../hooks/useToast';
import { DrawerTarget } from './drawerProps';
import { IntegrationDrawer } from './IntegrationDrawer';

async function renderDrawer(
  api: FakeIntegrationsApi,
  target: DrawerTarget,
  canReveal = true,
) {
  const onSaved = jest.fn();
  const utils = await renderWithApis(
    <IntegrationDrawer
      target={target}
      types={TYPES}
      onClose={jest.fn()}
      onSaved={onSaved}
    />,
    {
      api,
      allow: name => canReveal || name !== 'integrations.credential.reveal',
    },
  );
  return { onSaved, utils };
}

const field = (drawer: HTMLElement, label: string) =>
  within(drawer).getByLabelText(label, {
    exact: false,
    selector: 'input, textarea',
  });

describe('IntegrationDrawer: add', () => {
  it('shows inline errors and sends nothing when the form is invalid', async () => {
    const api = new FakeIntegrationsApi();
    await renderDrawer(api, { mode: 'add' });
    const drawer = await screen.findByRole('dialog', {
      name: 'Add integration',
    });
    await userEvent.type(field(drawer, 'URL 1'), 'not a url');
    await userEvent.type(field(drawer, 'Credential key 1'), 'API_KEY');
    await userEvent.type(field(drawer, 'Secret value 1'), 'v1');
    await userEvent.click(
      within(drawer).getByRole('button', { name: 'Add credential' }),
    );
    await userEvent.type(field(drawer, 'Credential key 2'), 'API_KEY');
    await userEvent.type(field(drawer, 'Secret value 2'), 'v2');
    await userEvent.click(within(drawer).getByRole('button', { name: 'Save' }));

    expect(await within(drawer).findByText('is required')).toBeInTheDocument(); // name
    expect(
      within(drawer).getByText('must be an absolute http(s) URL'),
    ).toBeInTheDocument();
    expect(
      within(drawer).getByText('duplicate credential key "API_KEY"'),
    ).toBeInTheDocument();
    expect(api.created).toHaveLength(0);
  });

  it('creates the integration with its URLs and credentials, then reports it saved', async () => {
    const api = new FakeIntegrationsApi();
    const { onSaved, utils } = await renderDrawer(api, { mode: 'add' });
    const drawer = await screen.findByRole('dialog', {
      name: 'Add integration',
    });
    await userEvent.type(field(drawer, 'Name'), 'OpenAI');
    await userEvent.type(field(drawer, 'URL 1'), 'https://api.openai.example');
    await userEvent.click(
      within(drawer).getByRole('button', { name: 'Add URL' }),
    );
    await userEvent.type(
      field(drawer, 'URL 2'),
      'https://status.openai.example',
    );
    await userEvent.type(field(drawer, 'Credential key 1'), 'API_KEY');
    await userEvent.type(field(drawer, 'Secret value 1'), 'sk-test');
    await userEvent.click(within(drawer).getByRole('button', { name: 'Save' }));

    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    expect(utils.toastApi.getToasts()).toEqual([
      { title: 'Saved OpenAI', status: 'success', timeout: TOAST_TIMEOUT_MS },
    ]);
    expect(api.created[0]).toEqual({
      name: 'OpenAI',
      type: 'ai',
      projects: [],
      urls: [
        { url: 'https://api.openai.example' },
        { url: 'https://status.openai.example' },
      ],
      credentials: [{ key: 'API_KEY', value: 'sk-test' }],
    });
  });
});

describe('IntegrationDrawer: server answers', () => {
  it('shows the message of a 400 from the server and stays open', async () => {
    const api = new FakeIntegrationsApi();
    api.rejectCreateWith = 'projects.0: entity ref "nope" is malformed';
    const { onSaved } = await renderDrawer(api, { mode: 'add' });
    const drawer = await screen.findByRole('dialog', {
      name: 'Add integration',
    });
    await userEvent.type(field(drawer, 'Name'), 'OpenAI');
    await userEvent.click(within(drawer).getByRole('button', { name: 'Save' }));
    expect(
      await within(drawer).findByText(
        'projects.0: entity ref "nope" is malformed',
      ),
    ).toBeInTheDocument();
    expect(onSaved).not.toHaveBeenCalled();
  });
});

describe('IntegrationDrawer: edit', () => {
  const existing = () =>
    new FakeIntegrationsApi([
      makeIntegration({
        credentials: [
          {
            key: 'SECRET_KEY',
            hasValue: true,
            createdAt: '2026-01-01T00:00:00Z',
            rotatedAt: '2026-01-01T00:00:00Z',
            rotationState: 'due',
          },
          {
            key: 'WEBHOOK',
            hasValue: true,
            createdAt: '2026-01-01T00:00:00Z',
            rotatedAt: '2026-01-01T00:00:00Z',
            rotationState: 'ok',
          },
        ],
      }),
    ]);

  it('shows saved fields read-only until clicked and secrets masked', async () => {
    await renderDrawer(existing(), { mode: 'edit', id: 'int-1' });
    const drawer = await screen.findByRole('dialog', {
      name: 'Edit integration',
    });
    const name = await within(drawer).findByDisplayValue('Stripe');
    expect(name).toHaveAttribute('readonly');
    await userEvent.click(name);
    expect(name).not.toHaveAttribute('readonly');
    expect(field(drawer, 'Secret value 1')).toHaveValue('••••••••••••');
    expect(field(drawer, 'Secret value 1')).toHaveAttribute('readonly');
    expect(within(drawer).getByText('rotation due')).toBeInTheDocument();
    await userEvent.click(within(drawer).getByRole('tab', { name: 'History' }));
    expect(
      await within(drawer).findByText('Rotated credential: SECRET_KEY'),
    ).toBeInTheDocument(); // history
  });

  it('keeps untouched secrets and rotates an overwritten one', async () => {
    const api = existing();
    await renderDrawer(api, { mode: 'edit', id: 'int-1' });
    const drawer = await screen.findByRole('dialog', {
      name: 'Edit integration',
    });
    await within(drawer).findByDisplayValue('Stripe');
    const secret = field(drawer, 'Secret value 1');
    await userEvent.click(secret);
    expect(secret).toHaveValue('');
    await userEvent.type(secret, 'sk-rotated');
    await userEvent.click(within(drawer).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(api.updated).toHaveLength(1));
    expect(api.updated[0].update.credentials).toEqual([
      { key: 'SECRET_KEY', value: 'sk-rotated' },
      { key: 'WEBHOOK' },
    ]);
    expect(api.updated[0].update.version).toBe(1);
  });

  it("edits a credential's own overlap window: kept unless changed, cleared back to the type's", async () => {
    const api = existing();
    api.items[0].credentials[0].overlapMinutes = 30;
    await renderDrawer(api, { mode: 'edit', id: 'int-1' });
    const drawer = await screen.findByRole('dialog', {
      name: 'Edit integration',
    });
    await within(drawer).findByDisplayValue('Stripe');
    const own = field(drawer, 'Overlap minutes 1');
    const typed = field(drawer, 'Overlap minutes 2');
    expect(own).toHaveValue(30);
    // Empty means the type's window (none for this type).
    expect(typed).toHaveValue(null);
    expect(typed).toHaveAttribute('placeholder', '0');

    await userEvent.type(typed, '20000');
    await userEvent.click(within(drawer).getByRole('button', { name: 'Save' }));
    expect(
      await within(drawer).findByText('must be at most 10080 (a week)'),
    ).toBeInTheDocument();
    expect(api.updated).toHaveLength(0);

    await userEvent.clear(typed);
    await userEvent.type(typed, '45');
    await userEvent.clear(own);
    await userEvent.click(within(drawer).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(api.updated).toHaveLength(1));
    expect(api.updated[0].update.credentials).toEqual([
      { key: 'SECRET_KEY', overlapMinutes: null },
      { key: 'WEBHOOK', overlapMinutes: 45 },
    ]);
  });

  it('reveals a value only when permitted', async () => {
    await renderDrawer(existing(), { mode: 'edit', id: 'int-1' });
    const drawer = await screen.findByRole('dialog', {
      name: 'Edit integration',
    });
    await userEvent.click(
      await within(drawer).findByRole('button', { name: 'Reveal SECRET_KEY' }),
    );
    expect(
      await within(drawer).findByDisplayValue('sk_test_revealed'),
    ).toBeInTheDocument();
  });

  it('offers no Reveal without the reveal permission', async () => {
    await renderDrawer(existing(), { mode: 'edit', id: 'int-1' }, false);
    const drawer = await screen.findByRole('dialog', {
      name: 'Edit integration',
    });
    await within(drawer).findByDisplayValue('Stripe');
    expect(
      within(drawer).queryByRole('button', { name: 'Reveal SECRET_KEY' }),
    ).not.toBeInTheDocument();
  });

  it('marks a write-only credential, offers no Reveal for it and never sends it as readable', async () => {
    const api = existing();
    api.items[0].credentials[0].writeOnly = true;
    await renderDrawer(api, { mode: 'edit', id: 'int-1' });
    const drawer = await screen.findByRole('dialog', {
      name: 'Edit integration',
    });
    await within(drawer).findByDisplayValue('Stripe');
    const first = within(drawer).getByRole('group', { name: 'Credential 1' });
    expect(within(first).getByText('Write-only')).toBeInTheDocument();
    expect(
      within(drawer).queryByRole('button', { name: 'Reveal SECRET_KEY' }),
    ).not.toBeInTheDocument();
    expect(
      within(drawer).getByRole('button', { name: 'Reveal WEBHOOK' }),
    ).toBeInTheDocument();
    // The mark replaces the switch: it cannot be turned off.
    expect(
      within(drawer).queryByRole('checkbox', {
        name: 'Make SECRET_KEY write-only',
      }),
    ).not.toBeInTheDocument();
    await userEvent.click(within(drawer).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(api.updated).toHaveLength(1));
    expect(api.updated[0].update.credentials).toEqual([
      { key: 'SECRET_KEY' },
      { key: 'WEBHOOK' },
    ]);
  });

  it('makes a credential write-only only after a confirm saying it is one-way', async () => {
    const api = existing();
    await renderDrawer(api, { mode: 'edit', id: 'int-1' });
    const drawer = await screen.findByRole('dialog', {
      name: 'Edit integration',
    });
    await within(drawer).findByDisplayValue('Stripe');
    const toggle = within(drawer).getByRole('checkbox', {
      name: 'Make WEBHOOK write-only',
    });
    await userEvent.click(toggle);
    const confirm = within(drawer).getByRole('group', {
      name: 'Make WEBHOOK write-only?',
    });
    expect(confirm).toHaveTextContent('This is one-way');
    await userEvent.click(
      within(confirm).getByRole('button', { name: 'Cancel' }),
    );
    expect(toggle).not.toBeChecked();

    await userEvent.click(toggle);
    await userEvent.click(
      within(drawer).getByRole('button', { name: 'Make write-only' }),
    );
    expect(toggle).toBeChecked();
    await userEvent.click(within(drawer).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(api.updated).toHaveLength(1));
    expect(api.updated[0].update.credentials).toEqual([
      { key: 'SECRET_KEY' },
      { key: 'WEBHOOK', writeOnly: true },
    ]);
  });

  it('explains a conflict and reloads on request', async () => {
    const api = existing();
    api.conflictOnUpdate = true;
    await renderDrawer(api, { mode: 'edit', id: 'int-1' });
    const drawer = await screen.findByRole('dialog', {
      name: 'Edit integration',
    });
    await within(drawer).findByDisplayValue('Stripe');
    await userEvent.click(within(drawer).getByRole('button', { name: 'Save' }));
    expect(
      await within(drawer).findByText(/changed by someone else/),
    ).toBeInTheDocument();
    api.conflictOnUpdate = false;
    api.items[0] = { ...api.items[0], name: 'Stripe (renamed)', version: 2 };
    await userEvent.click(
      within(drawer).getByRole('button', { name: 'Reload' }),
    );
    expect(
      await within(drawer).findByDisplayValue('Stripe (renamed)'),
    ).toBeInTheDocument();
    expect(
      within(drawer).queryByText(/changed by someone else/),
    ).not.toBeInTheDocument();
  });

  it('deletes only after a second, explicit click', async () => {
    const api = existing();
    const { onSaved } = await renderDrawer(api, { mode: 'edit', id: 'int-1' });
    const drawer = await screen.findByRole('dialog', {
      name: 'Edit integration',
    });
    await within(drawer).findByDisplayValue('Stripe');
    await userEvent.click(
      within(drawer).getByRole('button', { name: 'Delete' }),
    );
    expect(api.items).toHaveLength(1);
    await userEvent.click(
      within(drawer).getByRole('button', {
        name: 'Delete: services lose access',
      }),
    );
    await waitFor(() => expect(onSaved).toHaveBeenCalledWith(undefined));
    expect(api.items).toHaveLength(0);
  });
});

describe('IntegrationDrawer: layout and validation', () => {
  it('keeps Save, Cancel and Delete in sight on every tab', async () => {
    await renderDrawer(new FakeIntegrationsApi([makeIntegration()]), {
      mode: 'edit',
      id: 'int-1',
    });
    const drawer = await screen.findByRole('dialog', {
      name: 'Edit integration',
    });
    await within(drawer).findByDisplayValue('Stripe');
    for (const tab of ['Projects', 'Versions', 'Usage', 'Checks', 'History']) {
      await userEvent.click(within(drawer).getByRole('tab', { name: tab }));
      expect(within(drawer).getByRole('tabpanel')).toHaveAttribute(
        'aria-labelledby',
        `integration-tab-${tab.toLocaleLowerCase('en-US')}`,
      );
      for (const name of ['Save', 'Cancel', 'Delete'])
        expect(within(drawer).getByRole('button', { name })).toBeVisible();
    }
  });

  it('shows only the form when adding', async () => {
    await renderDrawer(new FakeIntegrationsApi(), { mode: 'add' });
    const drawer = await screen.findByRole('dialog', {
      name: 'Add integration',
    });
    expect(within(drawer).queryByRole('tab')).not.toBeInTheDocument();
    expect(within(drawer).getByRole('button', { name: 'Save' })).toBeVisible();
  });

  it('clears a field error as soon as the field is valid', async () => {
    const api = new FakeIntegrationsApi();
    await renderDrawer(api, { mode: 'add' });
    const drawer = await screen.findByRole('dialog', {
      name: 'Add integration',
    });
    await userEvent.type(field(drawer, 'Name'), 'OpenAI');
    await userEvent.type(field(drawer, 'URL 1'), 'not a url');
    await userEvent.click(within(drawer).getByRole('button', { name: 'Save' }));
    expect(
      await within(drawer).findByText('must be an absolute http(s) URL'),
    ).toBeInTheDocument();

    await userEvent.clear(field(drawer, 'URL 1'));
    await userEvent.type(field(drawer, 'URL 1'), 'https://api.openai.example');
    expect(
      within(drawer).queryByText('must be an absolute http(s) URL'),
    ).not.toBeInTheDocument();
    expect(api.created).toHaveLength(0);
  });

  it('sends an expiry date as an ISO date, and an emptied one as null', async () => {
    const api = new FakeIntegrationsApi([
      makeIntegration({
        credentials: [
          {
            key: 'ANTHROPIC_API_KEY_FOR_THE_BILLING_SERVICE',
            hasValue: true,
            createdAt: '2026-01-01T00:00:00Z',
            rotatedAt: '2026-01-01T00:00:00Z',
            rotationState: 'ok',
            expiresAt: '2026-06-30T00:00:00.000Z',
          },
          {
            key: 'WEBHOOK',
            hasValue: true,
            createdAt: '2026-01-01T00:00:00Z',
            rotatedAt: '2026-01-01T00:00:00Z',
            rotationState: 'ok',
          },
        ],
      }),
    ]);
    await renderDrawer(api, { mode: 'edit', id: 'int-1' });
    const drawer = await screen.findByRole('dialog', {
      name: 'Edit integration',
    });
    await within(drawer).findByDisplayValue('Stripe');
    expect(field(drawer, 'Credential key 1')).toHaveValue(
      'ANTHROPIC_API_KEY_FOR_THE_BILLING_SERVICE',
    );
    expect(field(drawer, 'Expiry date 1')).toHaveValue('2026-06-30');
    expect(
      within(drawer).getAllByText("Empty: inherits the type's 0 minutes"),
    ).toHaveLength(2);

    await userEvent.clear(field(drawer, 'Expiry date 1'));
    await userEvent.type(field(drawer, 'Expiry date 2'), '2027-01-31');
    await userEvent.click(within(drawer).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(api.updated).toHaveLength(1));
    expect(api.updated[0].update.credentials).toEqual([
      { key: 'ANTHROPIC_API_KEY_FOR_THE_BILLING_SERVICE', expiresAt: null },
      { key: 'WEBHOOK', expiresAt: '2027-01-31T00:00:00.000Z' },
    ]);
  });
});

describe('IntegrationDrawer: deep link', () => {
  it('says an unknown integration is not found, with no form', async () => {
    await renderDrawer(new FakeIntegrationsApi(), {
      mode: 'edit',
      id: 'missing',
    });
    const drawer = await screen.findByRole('dialog', {
      name: 'Integration not found',
    });
    expect(
      within(drawer).getByText(/No integration has the id missing/),
    ).toBeInTheDocument();
    expect(within(drawer).queryByRole('textbox')).not.toBeInTheDocument();
    expect(
      within(drawer).queryByRole('button', { name: 'Save' }),
    ).not.toBeInTheDocument();
  });

  it('shows a load error with Retry, and the form once it loads', async () => {
    const api = new FakeIntegrationsApi([makeIntegration()]);
    const getIntegration = api.getIntegration.bind(api);
    let failures = 1;
    api.getIntegration = async (id: string) => {
      if (failures-- > 0) throw new Error('backend unavailable');
      return getIntegration(id);
    };
    await renderDrawer(api, { mode: 'edit', id: 'int-1' });
    const drawer = await screen.findByRole('dialog', {
      name: 'Could not open the integration',
    });
    expect(within(drawer).getByText(/backend unavailable/)).toBeInTheDocument();
    await userEvent.click(
      within(drawer).getByRole('button', { name: 'Retry' }),
    );
    expect(await screen.findByDisplayValue('Stripe')).toBeInTheDocument();
  });
});
