import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/test-utils';
import { IntegrationSearchResultListItem } from './IntegrationSearchResultListItem';

const result = {
  title: 'Stripe',
  text: 'Card payments · api.stripe.example · STRIPE_SECRET_KEY',
  location: '/integrations/0b7c1c59-3f0e-4a53-9d7e-8f3f1f2b7a10',
  integrationType: 'payments',
  owner: 'group:default/team-payments',
  credentialKeys: ['STRIPE_SECRET_KEY'],
};

describe('IntegrationSearchResultListItem', () => {
  it('links the name to the integration deep link and shows type, owner and keys', async () => {
    await renderInTestApp(<IntegrationSearchResultListItem result={result} />);
    expect(screen.getByRole('link', { name: 'Stripe' })).toHaveAttribute(
      'href',
      '/integrations/0b7c1c59-3f0e-4a53-9d7e-8f3f1f2b7a10',
    );
    expect(screen.getByText('Type: payments')).toBeInTheDocument();
    expect(
      screen.getByText('Owner: group:default/team-payments'),
    ).toBeInTheDocument();
    expect(screen.getByText('Keys: STRIPE_SECRET_KEY')).toBeInTheDocument();
  });

  it('shows the highlighted match from the search engine', async () => {
    await renderInTestApp(
      <IntegrationSearchResultListItem
        result={result}
        highlight={{
          preTag: '<em>',
          postTag: '</em>',
          fields: { text: 'Card payments · <em>STRIPE_SECRET_KEY</em>' },
        }}
      />,
    );
    expect(screen.getByText('STRIPE_SECRET_KEY').tagName).toBe('MARK');
  });

  it('renders nothing without a result', async () => {
    const { container } = await renderInTestApp(
      <IntegrationSearchResultListItem />,
    );
    expect(container).toBeEmptyDOMElement();
  });
});
