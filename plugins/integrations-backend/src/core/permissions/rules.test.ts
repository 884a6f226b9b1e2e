import { Entity } from '@backstage/catalog-model';
import { IntegrationRecord } from '../store/types';
import {
  integrationCredentialPermissionRules,
  integrationPermissionRules,
  integrationProjectPermissionRules,
} from './rules';
import { ownersOf } from './projectRules';

const record = {
  id: 'i1',
  owner: 'group:default/team-payments',
  projects: [{ entityRef: 'component:default/checkout' }],
} as IntegrationRecord;

const entity = (spec: object, relations: Entity['relations'] = []): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'checkout', namespace: 'payments' },
  spec,
  relations,
});

const everyRule = [
  ...Object.values(integrationPermissionRules),
  ...Object.values(integrationCredentialPermissionRules),
  ...Object.values(integrationProjectPermissionRules),
];

describe('integration and integration-credential rules', () => {
  it.each([
    ['integration', integrationPermissionRules],
    ['integration-credential', integrationCredentialPermissionRules],
  ])(
    '%s: IS_OWNER and IS_ASSIGNED_TO apply as their queries filter',
    (type, rules) => {
      expect(rules.isOwner.resourceType).toBe(type);
      expect(rules.isAssignedTo.resourceType).toBe(type);
      expect(
        rules.isOwner.apply(record, {
          claims: ['Group:default/Team-Payments'],
        }),
      ).toBe(true);
      expect(
        rules.isOwner.apply(record, { claims: ['group:default/team-voice'] }),
      ).toBe(false);
      expect(rules.isOwner.toQuery({ claims: ['Group:default/A'] })).toEqual({
        property: 'owner',
        values: ['group:default/a'],
      });
      expect(
        rules.isAssignedTo.apply(record, {
          entityRef: 'Component:default/Checkout',
        }),
      ).toBe(true);
      expect(
        rules.isAssignedTo.apply(record, {
          entityRef: 'component:default/call-router',
        }),
      ).toBe(false);
      expect(
        rules.isAssignedTo.toQuery({ entityRef: 'component:default/X' }),
      ).toEqual({ property: 'project', values: ['component:default/x'] });
    },
  );
});

describe('integration-project IS_OWNER', () => {
  const { isOwner } = integrationProjectPermissionRules;

  it('is the catalog entity owned by one of the claims (relations or spec.owner, any case)', () => {
    expect(isOwner.resourceType).toBe('integration-project');
    // spec.owner without kind or namespace: a group in the entity's namespace.
    expect(
      isOwner.apply(entity({ owner: 'team-payments' }), {
        claims: ['group:payments/Team-Payments'],
      }),
    ).toBe(true);
    expect(
      isOwner.apply(
        entity({}, [
          { type: 'ownedBy', targetRef: 'group:default/team-voice' },
          { type: 'partOf', targetRef: 'system:default/commerce' },
        ]),
        { claims: ['user:default/vic', 'group:default/team-voice'] },
      ),
    ).toBe(true);
    expect(
      isOwner.apply(entity({ owner: 'team-payments' }), {
        claims: ['system:default/commerce', 'group:default/team-payments'],
      }),
    ).toBe(false);
    expect(isOwner.apply(entity({}), { claims: [] })).toBe(false);
  });

  it('names the owners of an entity once, ignoring a malformed spec.owner', () => {
    expect(
      ownersOf(
        entity({ owner: 'group:payments/team-payments' }, [
          { type: 'ownedBy', targetRef: 'group:payments/team-payments' },
        ]),
      ),
    ).toEqual(['group:payments/team-payments']);
    expect(ownersOf(entity({ owner: 'group:' }))).toEqual([]);
  });
});

describe('rule parameter schemas', () => {
  const validate = (rule: (typeof everyRule)[number], params: unknown) =>
    (rule.paramsSchema as any)['~standard'].validate(params);

  it("accept RBAC's aliases as RBAC validates them, before it replaces them", () => {
    for (const rule of everyRule) {
      const params =
        rule.name === 'IS_ASSIGNED_TO'
          ? { entityRef: '$currentUser' }
          : { claims: ['$ownerRefs', '$currentUser'] };
      expect({
        rule: rule.name,
        issues: validate(rule, params).issues,
      }).toEqual({ rule: rule.name, issues: undefined });
    }
  });

  it('refuse parameters of the wrong shape', () => {
    for (const rule of everyRule) {
      expect(
        validate(rule, { claims: 'group:default/a' }).issues,
      ).toBeDefined();
    }
  });
});
