import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { TestApiProvider } from '@backstage/test-utils';
import { mockApis } from '@backstage/frontend-test-utils';
import { alertApiRef, coreApis } from '@backstage/frontend-plugin-api';
import { TOAST_TIMEOUT_MS, useToast } from './useToast';

function Notify(props: { status: 'success' | 'warning' }) {
  const toast = useToast();
  return (
    <button
      onClick={() => toast({ title: 'Saved Stripe', status: props.status })}
    >
      Notify
    </button>
  );
}

describe('useToast', () => {
  it('posts a toast that closes by itself on success', async () => {
    const toastApi = mockApis.toast();
    render(
      <TestApiProvider apis={[[coreApis.toast, toastApi]]}>
        <Notify status="success" />
      </TestApiProvider>,
    );
    await userEvent.click(screen.getByRole('button', { name: 'Notify' }));
    expect(toastApi.getToasts()).toEqual([
      { title: 'Saved Stripe', status: 'success', timeout: TOAST_TIMEOUT_MS },
    ]);
  });

  it('keeps a warning until it is dismissed', async () => {
    const toastApi = mockApis.toast();
    render(
      <TestApiProvider apis={[[coreApis.toast, toastApi]]}>
        <Notify status="warning" />
      </TestApiProvider>,
    );
    await userEvent.click(screen.getByRole('button', { name: 'Notify' }));
    expect(toastApi.getToasts()).toEqual([
      { title: 'Saved Stripe', status: 'warning', timeout: undefined },
    ]);
  });

  it('falls back to the alert API in a legacy app, which has no toast API', async () => {
    const alertApi = { post: jest.fn(), alert$: jest.fn() };
    render(
      <TestApiProvider apis={[[alertApiRef, alertApi]]}>
        <Notify status="success" />
      </TestApiProvider>,
    );
    await userEvent.click(screen.getByRole('button', { name: 'Notify' }));
    expect(alertApi.post).toHaveBeenCalledWith({
      message: 'Saved Stripe',
      severity: 'success',
      display: 'transient',
    });
  });
});
