import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { InFlightDecisions } from './InFlightDecisions';

/** A decision fetch the test settles by hand, counting how often it was asked. */
function gate() {
  let asked = 0;
  const waiting: Array<(value: string) => void> = [];
  return {
    fetch: () =>
      new Promise<string>(resolve => {
        asked += 1;
        waiting.push(resolve);
      }),
    answer: (value: string) => waiting.splice(0).forEach(r => r(value)),
    get asked() {
      return asked;
    },
  };
}

describe('InFlightDecisions', () => {
  const auth = mockServices.auth();

  it('lets concurrent requests of one user share the fetch in flight', async () => {
    const decisions = new InFlightDecisions<string>(auth);
    const policy = gate();
    const alice = mockCredentials.user('user:default/alice');
    const first = decisions.share('read', alice, policy.fetch);
    const second = decisions.share(
      'read',
      mockCredentials.user('user:default/alice'),
      policy.fetch,
    );
    await new Promise(resolve => setImmediate(resolve));
    policy.answer('ALLOW');
    await expect(Promise.all([first, second])).resolves.toEqual([
      'ALLOW',
      'ALLOW',
    ]);
    expect(policy.asked).toBe(1);
  });

  it('asks again for the first request after the fetch settled', async () => {
    const decisions = new InFlightDecisions<string>(auth);
    const policy = gate();
    const alice = mockCredentials.user('user:default/alice');
    const before = decisions.share('read', alice, policy.fetch);
    await new Promise(resolve => setImmediate(resolve));
    policy.answer('ALLOW');
    await expect(before).resolves.toBe('ALLOW');
    expect(decisions.size).toBe(0);

    const after = decisions.share('read', alice, policy.fetch);
    await new Promise(resolve => setImmediate(resolve));
    policy.answer('DENY');
    await expect(after).resolves.toBe('DENY');
    expect(policy.asked).toBe(2);
  });

  it('never shares between users, permissions or service principals', async () => {
    const decisions = new InFlightDecisions<string>(auth);
    const policy = gate();
    const pending = [
      decisions.share(
        'read',
        mockCredentials.user('user:default/alice'),
        policy.fetch,
      ),
      decisions.share(
        'read',
        mockCredentials.user('user:default/bob'),
        policy.fetch,
      ),
      decisions.share(
        'update',
        mockCredentials.user('user:default/alice'),
        policy.fetch,
      ),
      decisions.share('read', mockCredentials.service(), policy.fetch),
      decisions.share('read', mockCredentials.service(), policy.fetch),
    ];
    await new Promise(resolve => setImmediate(resolve));
    policy.answer('ALLOW');
    await Promise.all(pending);
    expect(policy.asked).toBe(5);
  });

  it('hands a failed fetch to everyone waiting on it and keeps nothing', async () => {
    const decisions = new InFlightDecisions<string>(auth);
    const alice = mockCredentials.user('user:default/alice');
    let asked = 0;
    const failing = async () => {
      asked += 1;
      await new Promise(resolve => setImmediate(resolve));
      throw new Error('permission backend unavailable');
    };
    const results = await Promise.allSettled([
      decisions.share('read', alice, failing),
      decisions.share('read', alice, failing),
    ]);
    expect(results.map(r => r.status)).toEqual(['rejected', 'rejected']);
    expect(asked).toBe(1);
    expect(decisions.size).toBe(0);
  });
});
