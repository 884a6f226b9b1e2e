import { DEMO_DESCRIPTION, demoIntegrations } from './demoIntegrations';

describe('demoIntegrations', () => {
  const now = new Date('2026-12-07T00:00:00Z');
  const demos = demoIntegrations(
    now,
    'http://localhost:7007/api/integrations-demo',
  );
  const credentials = demos.flatMap(
    d => d.body.credentials as Array<{ value: string; expiresAt?: string }>,
  );

  it('marks every integration as demo data and holds no real secret', () => {
    expect(demos.every(d => d.body.description === DEMO_DESCRIPTION)).toBe(
      true,
    );
    expect(credentials.every(c => /^demo-.*-not-a-secret$/.test(c.value))).toBe(
      true,
    );
  });

  it('shows an expired and an expiring credential, a paused project and a failing check', () => {
    const expiries = credentials
      .filter(c => c.expiresAt)
      .map(c => new Date(c.expiresAt!).getTime() - now.getTime());
    expect(expiries.some(ms => ms < 0)).toBe(true);
    expect(expiries.some(ms => ms > 0 && ms < 30 * 24 * 3600 * 1000)).toBe(
      true,
    );
    const paused = demos.find(d => d.pause);
    expect(paused?.body.projects).toContain(paused?.pause);
    expect(demos.filter(d => d.failingCheck)).toHaveLength(1);
  });
});
