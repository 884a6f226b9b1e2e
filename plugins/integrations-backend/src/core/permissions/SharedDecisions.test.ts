import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { SharedDecisions } from './SharedDecisions';

const service = () => mockCredentials.service();

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

describe('SharedDecisions', () => {
  const auth = mockServices.auth();

  it('lets concurrent requests of one user share the fetch in flight', async () => {
    const decisions = new SharedDecisions<string>(auth);
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

  it('without a reuse window, asks again for the first request after the fetch settled', async () => {
    const decisions = new SharedDecisions<string>(auth);
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
    const decisions = new SharedDecisions<string>(auth);
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
    const decisions = new SharedDecisions<string>(auth);
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

  describe('with a reuse window', () => {
    let clock = 0;
    const now = () => clock;
    const settle = () => new Promise(resolve => setImmediate(resolve));

    it('reuses a settled decision within the window and asks again after it', async () => {
      const decisions = new SharedDecisions<string>(auth, 1000, now);
      const policy = gate();
      const alice = mockCredentials.user('user:default/alice');
      clock = 10_000;
      const first = decisions.share('read', alice, policy.fetch);
      await settle();
      policy.answer('ALLOW');
      await expect(first).resolves.toBe('ALLOW');

      clock = 10_999;
      await expect(decisions.share('read', alice, policy.fetch)).resolves.toBe(
        'ALLOW',
      );
      expect(policy.asked).toBe(1);

      // The policy changed: the first request after the window sees it.
      clock = 11_000;
      const after = decisions.share('read', alice, policy.fetch);
      await settle();
      policy.answer('DENY');
      await expect(after).resolves.toBe('DENY');
      expect(policy.asked).toBe(2);
    });

    it('never keeps a failed fetch', async () => {
      const decisions = new SharedDecisions<string>(auth, 1000, now);
      const alice = mockCredentials.user('user:default/alice');
      clock = 50_000;
      let asked = 0;
      const failing = async () => {
        asked += 1;
        throw new Error('permission backend unavailable');
      };
      await expect(decisions.share('read', alice, failing)).rejects.toThrow(
        'unavailable',
      );
      await settle();
      expect(decisions.size).toBe(0);
      await expect(decisions.share('read', alice, failing)).rejects.toThrow(
        'unavailable',
      );
      expect(asked).toBe(2);
    });

    it('never reuses between users or for service principals', async () => {
      const decisions = new SharedDecisions<string>(auth, 1000, now);
      clock = 90_000;
      const asked: string[] = [];
      const answer = (who: string) => async () => {
        asked.push(who);
        return who;
      };
      const alice = mockCredentials.user('user:default/alice');
      const bob = mockCredentials.user('user:default/bob');
      await decisions.share('read', alice, answer('alice'));
      await decisions.share('read', service(), answer('service'));
      await settle();
      await expect(decisions.share('read', bob, answer('bob'))).resolves.toBe(
        'bob',
      );
      await expect(
        decisions.share('read', service(), answer('service again')),
      ).resolves.toBe('service again');
      await expect(decisions.share('read', alice, answer('x'))).resolves.toBe(
        'alice',
      );
      expect(asked).toEqual(['alice', 'service', 'bob', 'service again']);
    });

    it('forgets expired decisions instead of growing', async () => {
      const decisions = new SharedDecisions<string>(auth, 1000, now);
      clock = 200_000;
      for (const name of ['a', 'b', 'c']) {
        await decisions.share(
          'read',
          mockCredentials.user(`user:default/${name}`),
          async () => name,
        );
      }
      await settle();
      expect(decisions.size).toBe(3);
      clock = 201_000;
      expect(decisions.size).toBe(0);
    });
  });
});
