import { ConcurrencyLimit, RateLimit } from './limits';

describe('ConcurrencyLimit', () => {
  it('gives at most max slots per key and frees a slot once', () => {
    const limit = new ConcurrencyLimit(2);
    const a = limit.tryAcquire('i1')!;
    const b = limit.tryAcquire('i1')!;
    expect(limit.tryAcquire('i1')).toBeUndefined();
    expect(limit.tryAcquire('i2')).toBeDefined();
    a();
    a();
    expect(limit.tryAcquire('i1')).toBeDefined();
    expect(limit.tryAcquire('i1')).toBeUndefined();
    b();
  });
});

describe('RateLimit', () => {
  it('allows perMinute calls per caller, then says when the next may go', () => {
    let now = 0;
    const limit = new RateLimit(60, () => now);
    for (let i = 0; i < 60; i++) expect(limit.take('alice')).toBe(0);
    expect(limit.take('alice')).toBe(1);
    expect(limit.take('bob')).toBe(0);
    now += 1000;
    expect(limit.take('alice')).toBe(0);
  });
});
