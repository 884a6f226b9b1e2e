import { z } from 'zod';
import {
  createConditionExports,
  createPermissionResourceRef,
  createPermissionRule,
} from '@backstage/plugin-permission-node';
import { RESOURCE_TYPE_INTEGRATION } from '@integrations-hub/backstage-plugin-integrations-common';
import { IntegrationFilter, IntegrationRecord } from '../store/types';

/** Identifies the `integration` resource type, owned by this plugin. */
export const integrationResourceRef = createPermissionResourceRef<
  IntegrationRecord,
  IntegrationFilter
>().with({ pluginId: 'integrations', resourceType: RESOURCE_TYPE_INTEGRATION });

/** The integration's owner is one of the given entity refs (usually the user's ownership refs). */
export const isOwner = createPermissionRule({
  name: 'IS_OWNER',
  description: 'Allow integrations owned by one of the given users or groups',
  resourceRef: integrationResourceRef,
  paramsSchema: z.object({
    claims: z
      .array(z.string())
      .describe(
        'Entity refs of users or groups, e.g. the ownership refs of the caller',
      ),
  }),
  apply: (integration, { claims }) =>
    claims.map(c => c.toLocaleLowerCase('en-US')).includes(integration.owner),
  toQuery: ({ claims }) => ({
    property: 'owner',
    values: claims.map(c => c.toLocaleLowerCase('en-US')),
  }),
});

/** The integration is assigned to the given catalog entity. */
export const isAssignedTo = createPermissionRule({
  name: 'IS_ASSIGNED_TO',
  description: 'Allow integrations assigned to the given catalog entity',
  resourceRef: integrationResourceRef,
  paramsSchema: z.object({
    entityRef: z
      .string()
      .describe(
        'Entity ref of a catalog entity, e.g. component:default/checkout',
      ),
  }),
  apply: (integration, { entityRef }) =>
    integration.projects.some(
      p => p.entityRef === entityRef.toLocaleLowerCase('en-US'),
    ),
  toQuery: ({ entityRef }) => ({
    property: 'project',
    values: [entityRef.toLocaleLowerCase('en-US')],
  }),
});

export const integrationPermissionRules = { isOwner, isAssignedTo };

const { conditions, createConditionalDecision } = createConditionExports({
  resourceRef: integrationResourceRef,
  rules: integrationPermissionRules,
});

/** Conditions for permission policies, e.g. `integrationsConditions.isOwner({ claims })`. */
export const integrationsConditions = conditions;

/** Wraps conditions into a CONDITIONAL decision for an integration permission. */
export const createIntegrationsConditionalDecision = createConditionalDecision;
