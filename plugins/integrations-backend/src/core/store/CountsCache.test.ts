import { CountsCache } from './CountsCache';

describe('CountsCache', () => {
  let clock = 0;
  const now = () => clock;
  const counter = () => {
    let counted = 0;
    return {
      count: async () => {
        counted += 1;
        return counted;
      },
      get counted() {
        return counted;
      },
    };
  };
  beforeEach(() => {
    clock = 1_000;
  });

  it('reuses counts per key for its time to live', async () => {
    const cache = new CountsCache<number>(5_000, 10, now);
    const search = counter();
    const other = counter();
    expect(await cache.get('q=stripe', search.count)).toBe(1);
    clock += 4_999;
    expect(await cache.get('q=stripe', search.count)).toBe(1);
    expect(await cache.get('q=twilio', other.count)).toBe(1);
    clock += 1;
    expect(await cache.get('q=stripe', search.count)).toBe(2);
    expect(search.counted).toBe(2);
  });

  it('counts again after a write, also when the write came while counting', async () => {
    const cache = new CountsCache<number>(5_000, 10, now);
    const search = counter();
    await cache.get('q', search.count);
    cache.invalidate();
    expect(await cache.get('q', search.count)).toBe(2);

    let finish!: (n: number) => void;
    const slow = cache.get('q2', () => new Promise<number>(r => (finish = r)));
    cache.invalidate();
    finish(7);
    expect(await slow).toBe(7);
    expect(await cache.get('q2', search.count)).toBe(3);
  });

  it('shares a count in flight, and a waiter counts for itself when it fails', async () => {
    const cache = new CountsCache<number>(5_000, 10, now);
    let fail!: (error: Error) => void;
    const first = cache.get(
      'q',
      () => new Promise<number>((_, reject) => (fail = reject)),
    );
    const search = counter();
    const second = cache.get('q', search.count);
    fail(new Error('client went away'));
    await expect(first).rejects.toThrow('client went away');
    expect(await second).toBe(1);
    expect(search.counted).toBe(1);
  });

  it('keeps at most maxEntries filters', async () => {
    const cache = new CountsCache<number>(5_000, 2, now);
    const search = counter();
    await cache.get('a', search.count);
    await cache.get('b', search.count);
    await cache.get('c', search.count);
    expect(await cache.get('b', search.count)).toBe(2);
    expect(await cache.get('a', search.count)).toBe(4);
  });
});
