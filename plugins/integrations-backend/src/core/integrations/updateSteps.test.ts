import {
  assertWriteOnlyKept,
  changedFields,
  diffCredentials,
  diffProjects,
  newlyWriteOnly,
  toExpiry,
  updateEvents,
  updateSummary,
} from './updateSteps';

const seal = (key: string, value: string) => ({
  ciphertext: `sealed(${key})`,
  keyId: value ? 'k1' : 'none',
});

describe('update steps', () => {
  it('diffs projects into added and removed, keeping order', () => {
    expect(
      diffProjects(
        ['component:a', 'component:b'],
        ['component:b', 'component:c'],
      ),
    ).toEqual({ added: ['component:c'], removed: ['component:a'] });
    expect(diffProjects(['component:a'], ['component:a'])).toEqual({
      added: [],
      removed: [],
    });
  });

  it('keeps a credential sent without a value, rotates one sent with a value, removes one left out, adds a new one', () => {
    const changes = diffCredentials(
      ['KEEP', 'ROTATE', 'DROP'],
      [
        { key: 'KEEP' },
        { key: 'ROTATE', value: 'new' },
        { key: 'ADD', value: 'v', expiresAt: '2030-01-01T00:00:00Z' },
      ],
      seal,
    );
    expect(changes).toEqual([
      { kind: 'keep', key: 'KEEP', expiresAt: undefined },
      {
        kind: 'rotate',
        key: 'ROTATE',
        ciphertext: 'sealed(ROTATE)',
        keyId: 'k1',
        expiresAt: undefined,
      },
      {
        kind: 'add',
        key: 'ADD',
        ciphertext: 'sealed(ADD)',
        keyId: 'k1',
        expiresAt: new Date('2030-01-01T00:00:00Z'),
      },
      { kind: 'remove', key: 'DROP' },
    ]);
  });

  it('refuses a new credential without a value, naming the field', () => {
    expect(() => diffCredentials([], [{ key: 'NEW' }], seal)).toThrow(
      'credentials[0].value: "NEW" is new and needs a value',
    );
  });

  it('turns expiresAt into a date, null (clear) or undefined (keep)', () => {
    expect(toExpiry('2030-01-01T00:00:00Z')).toEqual(
      new Date('2030-01-01T00:00:00Z'),
    );
    expect(toExpiry(null)).toBeNull();
    expect(toExpiry(undefined)).toBeUndefined();
  });

  it('names the plain fields that change, treating absent and empty alike', () => {
    const current = { name: 'A', type: 'ai', owner: 'user:default/a' };
    expect(changedFields(current, { ...current })).toEqual([]);
    expect(
      changedFields(current, {
        ...current,
        name: 'B',
        description: 'new',
        owner: 'group:default/g',
      }),
    ).toEqual(['name', 'description', 'owner']);
  });

  it('writes one summary event, then one per rotation and assignment change, never a value', () => {
    const credentials = diffCredentials(
      ['A', 'B'],
      [
        { key: 'A', value: 'secret-value' },
        { key: 'C', value: 'x' },
      ],
      seal,
    );
    const projects = { added: ['component:new'], removed: ['component:old'] };
    const events = updateEvents({
      actor: 'user:default/bob',
      fields: ['name'],
      urls: ['https://x.example'],
      credentials,
      projects,
    });
    expect(events.map(e => [e.action, e.detail])).toEqual([
      [
        'updated',
        {
          changedFields: ['name'],
          urls: ['https://x.example'],
          credentialsAdded: ['C'],
          credentialsRemoved: ['B'],
        },
      ],
      ['credential.rotated', { key: 'A' }],
      ['assignment.added', { project: 'component:new' }],
      ['assignment.removed', { project: 'component:old' }],
    ]);
    expect(JSON.stringify(events)).not.toContain('secret-value');
    expect(updateSummary(credentials, projects)).toEqual({
      rotated: ['A'],
      madeWriteOnly: [],
      addedProjects: ['component:new'],
      removedProjects: ['component:old'],
    });
  });

  it('refuses to make a write-only credential readable again, naming the field', () => {
    const stored = [
      { key: 'OPEN', writeOnly: false },
      { key: 'SEALED', writeOnly: true },
    ];
    expect(() =>
      assertWriteOnlyKept(stored, [
        { key: 'OPEN', writeOnly: false },
        { key: 'SEALED', writeOnly: false },
      ]),
    ).toThrow(
      'credentials[1].writeOnly: "SEALED" is write-only and cannot be made readable again',
    );
    // Left out (or true) keeps it; false on a readable one is no change.
    expect(() =>
      assertWriteOnlyKept(stored, [
        { key: 'OPEN', writeOnly: false },
        { key: 'SEALED' },
      ]),
    ).not.toThrow();
  });

  it('records one write-only event per credential newly made so, not for one already so', () => {
    const stored = [
      { key: 'A', writeOnly: false },
      { key: 'B', writeOnly: true },
    ];
    const credentials = diffCredentials(
      ['A', 'B'],
      [
        { key: 'A', writeOnly: true },
        { key: 'B', writeOnly: true, value: 'rotated-value' },
        { key: 'C', value: 'x', writeOnly: true },
      ],
      seal,
    );
    const made = newlyWriteOnly(stored, credentials);
    expect(made).toEqual(['A', 'C']);
    const events = updateEvents({
      actor: 'user:default/bob',
      fields: [],
      urls: [],
      credentials,
      projects: { added: [], removed: [] },
      writeOnly: made,
    });
    expect(
      events
        .filter(e => e.action === 'credential.write-only')
        .map(e => e.detail),
    ).toEqual([{ key: 'A' }, { key: 'C' }]);
    expect(JSON.stringify(events)).not.toContain('rotated-value');
  });
});
