import { screen } from '@testing-library/react';
import { FakeIntegrationsApi } from '../../__testUtils__/FakeIntegrationsApi';
import { renderWithApis } from '../../__testUtils__/renderWithApis';
import { ProxyStatus } from './ProxyStatus';

const usage = [
  {
    integrationId: 'int-1',
    consumer: 'plugin:billing',
    project: 'component:default/checkout',
    day: '2026-12-07',
    count: 3,
    firstUsedAt: '2026-12-07T09:00:00Z',
    lastUsedAt: '2026-12-07T10:00:00Z',
  },
];

describe('ProxyStatus', () => {
  it('shows the methods, paths and host the proxy calls, and who used it', async () => {
    const api = new FakeIntegrationsApi();
    api.proxy.set('int-1', {
      enabled: true,
      methods: ['GET', 'POST'],
      paths: ['/v1/**'],
      baseHost: 'api.openai.example',
      auth: 'header',
    });
    await renderWithApis(
      <ProxyStatus integrationId="int-1" usage={usage as any} />,
      { api },
    );
    expect(
      await screen.findByText(
        /call GET, POST on \/v1\/\*\* at api\.openai\.example/,
      ),
    ).toBeInTheDocument();
    expect(screen.getByText(/plugin:billing/)).toBeInTheDocument();
  });

  it('says the proxy is off for a type that does not enable it', async () => {
    await renderWithApis(<ProxyStatus integrationId="int-2" />, {
      api: new FakeIntegrationsApi(),
    });
    expect(await screen.findByText(/The proxy is off/)).toBeInTheDocument();
  });
});
