import { toChangeEvents } from './changeEvents';

const base = {
  integrationId: 'i-1',
  actor: 'user:default/alice',
  at: new Date('2026-11-24T10:00:00Z'),
};

describe('toChangeEvents', () => {
  it('builds the created payload from known fields only', () => {
    const [event] = toChangeEvents({
      ...base,
      recorded: [
        {
          action: 'created',
          detail: {
            name: 'Stripe',
            type: 'payments',
            owner: 'group:default/team-payments',
            projects: ['component:default/checkout'],
            credentialKeys: ['STRIPE_SECRET_KEY'],
            // A field the publisher does not know never reaches the event.
            value: 'canary-should-not-appear',
          },
        },
      ],
    });
    expect(event).toEqual({
      type: 'integration.created',
      integrationId: 'i-1',
      actor: 'user:default/alice',
      at: '2026-11-24T10:00:00.000Z',
      name: 'Stripe',
      integrationType: 'payments',
      owner: 'group:default/team-payments',
      projects: ['component:default/checkout'],
      credentialKeys: ['STRIPE_SECRET_KEY'],
    });
    expect(JSON.stringify(event)).not.toContain('canary');
  });

  it('publishes a rotation as one credential.rotated, without an empty update', () => {
    const events = toChangeEvents({
      ...base,
      previousUrls: [{ url: 'https://a.example' }],
      recorded: [
        {
          action: 'updated',
          detail: {
            changedFields: [],
            urls: ['https://a.example'],
            credentialsAdded: [],
            credentialsRemoved: [],
          },
        },
        { action: 'credential.rotated', detail: { key: 'API_KEY' } },
      ],
    });
    expect(events.map(e => e.type)).toEqual(['credential.rotated']);
    expect(events[0]).toMatchObject({ key: 'API_KEY' });
  });

  it('keeps the update when URLs changed', () => {
    const events = toChangeEvents({
      ...base,
      previousUrls: [{ url: 'https://a.example' }],
      recorded: [
        {
          action: 'updated',
          detail: {
            changedFields: [],
            urls: ['https://b.example'],
            credentialsAdded: [],
            credentialsRemoved: [],
          },
        },
      ],
    });
    expect(events).toEqual([
      expect.objectContaining({
        type: 'integration.updated',
        urlsChanged: true,
        changedFields: [],
      }),
    ]);
  });

  it.each([
    [
      'today',
      [
        'assignment.added',
        'assignment.removed',
        'assignment.paused',
        'assignment.resumed',
      ],
    ],
    [
      'before 0.4.0',
      [
        'project.assigned',
        'project.removed',
        'project.paused',
        'project.resumed',
      ],
    ],
  ])(
    'maps assignment history named as %s to assignment events and leaves reveals out',
    (_, [added, removed, paused, resumed]) => {
      const events = toChangeEvents({
        ...base,
        recorded: [
          {
            action: added,
            detail: { project: 'component:default/a' },
          },
          {
            action: removed,
            detail: { project: 'component:default/b' },
          },
          {
            action: paused,
            detail: { project: 'component:default/c', reason: 'incident' },
          },
          {
            action: resumed,
            detail: { project: 'component:default/c' },
          },
          { action: 'credential.revealed', detail: { key: 'API_KEY' } },
        ],
      });
      expect(events.map(e => [e.type, (e as any).project])).toEqual([
        ['assignment.added', 'component:default/a'],
        ['assignment.removed', 'component:default/b'],
        ['assignment.paused', 'component:default/c'],
        ['assignment.resumed', 'component:default/c'],
      ]);
      expect(JSON.stringify(events)).not.toContain('incident');
    },
  );
});
