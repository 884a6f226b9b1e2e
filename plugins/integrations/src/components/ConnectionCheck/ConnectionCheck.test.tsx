import { screen, waitFor, within } from '@testing-library/react';
import { IntegrationCard } from '../IntegrationCard/IntegrationCard';
import userEvent from '@testing-library/user-event';
import {
  FakeIntegrationsApi,
  makeIntegration,
} from '../../__testUtils__/FakeIntegrationsApi';
import { renderWithApis } from '../../__testUtils__/renderWithApis';
import { CheckHistory } from './CheckHistory';
import { draftOf } from './ConnectionCheckSection';
import { HealthDot } from './HealthDot';
import { TestConnection } from './TestConnection';
import {
  ConnectionCheckDraft,
  ConnectionCheckRun,
  ConnectionChecks,
} from './types';

const healthy: ConnectionCheckRun = {
  integrationId: 'int-1',
  status: 'healthy',
  results: [
    {
      urlIndex: 0,
      url: 'https://api.stripe.example/v1/balance',
      status: 'healthy',
      httpStatus: 200,
      latencyMs: 84,
      reason: 'HTTP 200',
      checkedAt: '2026-11-24T10:00:00.000Z',
    },
  ],
};

/** The in-memory API, answering checks the way the backend does. */
class CheckingApi extends FakeIntegrationsApi {
  saved: string[] = [];
  drafts: ConnectionCheckDraft[] = [];
  async checkIntegrationConnection(id: string) {
    this.saved.push(id);
    return healthy;
  }
  async testConnectionDraft(draft: ConnectionCheckDraft) {
    this.drafts.push(draft);
    return {
      status: 'unhealthy' as const,
      results: [
        {
          ...healthy.results[0],
          status: 'unhealthy' as const,
          httpStatus: 401,
          reason: 'HTTP 401, expected 2xx: the credential was rejected',
        },
      ],
    };
  }
  async getConnectionChecks(id: string): Promise<ConnectionChecks> {
    return {
      integrationId: id,
      definition: { preset: 'bearer' },
      source: 'type' as const,
      history: [{ ...healthy.results[0], trigger: 'scheduled' as const }],
    };
  }
}

describe('TestConnection', () => {
  it('tests the saved integration when nothing was changed, and shows code, latency and reason', async () => {
    const api = new CheckingApi([makeIntegration()]);
    const onChecked = jest.fn();
    await renderWithApis(
      <TestConnection
        integrationId="int-1"
        dirty={false}
        draft={() => undefined}
        onChecked={onChecked}
      />,
      { api },
    );
    await userEvent.click(
      screen.getByRole('button', { name: 'Test connection' }),
    );
    const result = await screen.findByRole('status', {
      name: 'Connection check result',
    });
    expect(result).toHaveTextContent('Healthy');
    expect(result).toHaveTextContent(
      'https://api.stripe.example/v1/balance: HTTP 200 · 84 ms',
    );
    expect(api.saved).toEqual(['int-1']);
    expect(onChecked).toHaveBeenCalled();
  });

  it('tests the edited values once when the form changed', async () => {
    const api = new CheckingApi([makeIntegration()]);
    const draft = {
      integrationId: 'int-1',
      type: 'payments',
      urls: [{ url: 'https://api.stripe.example/v1' }],
      credentials: [{ key: 'SECRET_KEY', value: 'sk_new' }],
    };
    await renderWithApis(
      <TestConnection integrationId="int-1" dirty draft={() => draft} />,
      { api },
    );
    await userEvent.click(
      screen.getByRole('button', { name: 'Test connection' }),
    );
    expect(
      await screen.findByText(/the credential was rejected/),
    ).toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent('Failing');
    expect(api.drafts).toEqual([draft]);
    expect(api.saved).toEqual([]);
  });

  it('asks for a URL before testing an incomplete draft', async () => {
    const api = new CheckingApi();
    await renderWithApis(<TestConnection dirty draft={() => undefined} />, {
      api,
    });
    await userEvent.click(
      screen.getByRole('button', { name: 'Test connection' }),
    );
    expect(
      await screen.findByText(
        'Fill in the type and at least one valid URL first.',
      ),
    ).toBeInTheDocument();
    expect(api.drafts).toEqual([]);
  });
});

describe('HealthDot and CheckHistory', () => {
  it('names the status for screen readers, grey when never checked', async () => {
    const api = new CheckingApi();
    await renderWithApis(
      <>
        <HealthDot
          health={{
            status: 'unhealthy',
            checkedAt: '2026-11-24T10:00:00.000Z',
            changedAt: '2026-11-24T10:00:00.000Z',
          }}
        />
        <HealthDot />
      </>,
      { api },
    );
    const [failing, unknown] = screen.getAllByTestId('health-dot');
    expect(failing).toHaveAttribute('data-status', 'unhealthy');
    expect(failing.getAttribute('aria-label')).toMatch(
      /^Health: Failing, checked /,
    );
    expect(unknown).toHaveAttribute('aria-label', 'Health: not checked yet');
  });

  it('lists the recent results', async () => {
    const api = new CheckingApi();
    await renderWithApis(<CheckHistory integrationId="int-1" />, { api });
    await waitFor(() =>
      expect(
        screen.getByRole('list', { name: 'Connection checks' }),
      ).toHaveTextContent('Healthy · HTTP 200 · 84 ms'),
    );
    expect(
      screen.getByText(/scheduled · https:\/\/api\.stripe\.example/),
    ).toBeInTheDocument();
  });
});

describe('draftOf', () => {
  const form = {
    name: 'Stripe',
    type: 'payments',
    description: '',
    projects: [],
    urls: [{ url: ' https://api.stripe.example/v1 ' }, { url: 'not a url' }],
    credentials: [
      { key: 'SECRET_KEY', value: '', saved: true, overwrite: false },
      { key: 'WEBHOOK', value: 'whsec_new', saved: true, overwrite: true },
      { key: 'NEW', value: 'v', saved: false, overwrite: true },
      { key: ' ', value: 'ignored', saved: false, overwrite: true },
    ],
  };

  it('sends unchanged saved secrets without a value and only valid URLs', () => {
    expect(draftOf(form, 'int-1')).toEqual({
      integrationId: 'int-1',
      type: 'payments',
      urls: [{ url: 'https://api.stripe.example/v1' }],
      credentials: [
        { key: 'SECRET_KEY' },
        { key: 'WEBHOOK', value: 'whsec_new' },
        { key: 'NEW', value: 'v' },
      ],
    });
  });

  it('is undefined without a usable URL', () => {
    expect(draftOf({ ...form, urls: [{ url: 'ftp://x' }] })).toBeUndefined();
  });
});

describe('IntegrationCard health dot', () => {
  it('shows the last check of the integration', async () => {
    const integration = makeIntegration({
      health: {
        status: 'healthy',
        checkedAt: '2026-11-24T10:00:00.000Z',
        changedAt: '2026-11-24T09:00:00.000Z',
      },
    });
    await renderWithApis(
      <IntegrationCard
        integration={integration}
        link="/x"
        onEdit={jest.fn()}
      />,
      { api: new CheckingApi([integration]) },
    );
    const card = screen.getByRole('article', { name: 'Stripe' });
    expect(within(card).getByTestId('health-dot')).toHaveAttribute(
      'data-status',
      'healthy',
    );
  });
});
