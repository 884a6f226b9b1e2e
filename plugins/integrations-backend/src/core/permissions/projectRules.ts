import { z } from 'zod';
import {
  Entity,
  parseEntityRef,
  RELATION_OWNED_BY,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { createPermissionRule } from '@backstage/plugin-permission-node';
import {
  integrationProjectResourceRef,
  IntegrationProjectFilter,
} from './resourceRefs';

const lower = (ref: string) => ref.toLocaleLowerCase('en-US');

/**
 * The owners of a catalog entity as lower-case refs: its `ownedBy` relations,
 * and `spec.owner` (`team-a` means group:<the entity's namespace>/team-a), so
 * an entity the catalog has not processed yet still has its owner.
 */
export function ownersOf(entity: Entity): string[] {
  const owners = new Set(
    (entity.relations ?? [])
      .filter(r => r.type === RELATION_OWNED_BY)
      .map(r => lower(r.targetRef)),
  );
  const owner = entity.spec?.owner;
  if (typeof owner === 'string' && owner) {
    try {
      const ref = parseEntityRef(owner, {
        defaultKind: 'group',
        defaultNamespace: entity.metadata.namespace ?? 'default',
      });
      owners.add(lower(stringifyEntityRef(ref)));
    } catch {
      // A malformed spec.owner names nobody; the relations still count.
    }
  }
  return [...owners];
}

/** The project (catalog entity) is owned by one of the given users or groups. */
export const isProjectOwner = createPermissionRule({
  name: 'IS_OWNER',
  description:
    'Allow catalog entities (as projects) owned by one of the given users or groups',
  resourceRef: integrationProjectResourceRef,
  // Plain strings: RBAC validates `claims: ["$ownerRefs"]` before it replaces the alias.
  paramsSchema: z.object({
    claims: z
      .array(z.string())
      .describe(
        'Entity refs of users or groups, e.g. the ownership refs of the caller ($ownerRefs in RBAC)',
      ),
  }),
  apply: (entity, { claims }) => {
    const wanted = new Set(claims.map(lower));
    return ownersOf(entity).some(owner => wanted.has(owner));
  },
  toQuery: ({ claims }): IntegrationProjectFilter => ({
    property: 'owner',
    values: claims.map(lower),
  }),
});
