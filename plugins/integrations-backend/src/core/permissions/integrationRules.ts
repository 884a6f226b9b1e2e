import { z } from 'zod';
import { createPermissionRule } from '@backstage/plugin-permission-node';
import { IntegrationFilter } from '../store/types';
import {
  IntegrationPermissionResource,
  integrationCredentialResourceRef,
  integrationResourceRef,
} from './resourceRefs';

const lower = (ref: string) => ref.toLocaleLowerCase('en-US');

/*
 * Plain strings, no entity-ref format: RBAC validates a condition against these
 * schemas when it is created, with its aliases still in place
 * (`claims: ["$ownerRefs"]`, `entityRef: "$currentUser"`), and replaces them
 * only before the condition is evaluated.
 */

/** IS_OWNER: the integration's owner is one of the given refs (usually the caller's ownership refs). */
const isOwner = {
  name: 'IS_OWNER',
  paramsSchema: z.object({
    claims: z
      .array(z.string())
      .describe(
        'Entity refs of users or groups, e.g. the ownership refs of the caller ($ownerRefs in RBAC)',
      ),
  }),
  apply: (
    integration: IntegrationPermissionResource,
    { claims }: { claims: string[] },
  ) => claims.map(lower).includes(integration.owner),
  toQuery: ({ claims }: { claims: string[] }): IntegrationFilter => ({
    property: 'owner',
    values: claims.map(lower),
  }),
};

/** IS_ASSIGNED_TO: the integration is assigned to the given catalog entity (paused or not). */
const isAssignedTo = {
  name: 'IS_ASSIGNED_TO',
  paramsSchema: z.object({
    entityRef: z
      .string()
      .describe(
        'Entity ref of a catalog entity, e.g. component:default/checkout',
      ),
  }),
  apply: (
    integration: IntegrationPermissionResource,
    { entityRef }: { entityRef: string },
  ) => integration.projects.some(p => p.entityRef === lower(entityRef)),
  toQuery: ({ entityRef }: { entityRef: string }): IntegrationFilter => ({
    property: 'project',
    values: [lower(entityRef)],
  }),
};

/**
 * Rules of the `integration` type (read, update, delete).
 *
 * @public
 */
export const integrationPermissionRules = {
  isOwner: createPermissionRule({
    ...isOwner,
    description: 'Allow integrations owned by one of the given users or groups',
    resourceRef: integrationResourceRef,
  }),
  isAssignedTo: createPermissionRule({
    ...isAssignedTo,
    description: 'Allow integrations assigned to the given catalog entity',
    resourceRef: integrationResourceRef,
  }),
};

/**
 * Rules of the `integration-credential` type (reveal, use): the same rules, on the same record.
 *
 * @public
 */
export const integrationCredentialPermissionRules = {
  isOwner: createPermissionRule({
    ...isOwner,
    description:
      'Allow the credentials of integrations owned by one of the given users or groups',
    resourceRef: integrationCredentialResourceRef,
  }),
  isAssignedTo: createPermissionRule({
    ...isAssignedTo,
    description:
      'Allow the credentials of integrations assigned to the given catalog entity',
    resourceRef: integrationCredentialResourceRef,
  }),
};
