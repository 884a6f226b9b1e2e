import { Integration } from '@integrations-hub/backstage-plugin-integrations-common';
import { z as zod } from 'zod/v3';

/** The output shape of an integration for AI assistants: metadata only, never a value. */
export const integrationSummarySchema = (z: typeof zod) =>
  z.object({
    id: z.string(),
    name: z.string(),
    type: z.string(),
    description: z.string().optional(),
    owner: z.string().describe('Entity ref of the owning user or group'),
    urls: z.array(z.object({ url: z.string(), label: z.string().optional() })),
    projects: z
      .array(z.string())
      .describe('Entity refs of the catalog entities that may use it'),
    credentials: z
      .array(
        z.object({
          key: z.string(),
          hasValue: z.boolean(),
          rotatedAt: z.string(),
          expiresAt: z.string().optional(),
          rotationState: z.enum(['ok', 'due', 'expired']),
        }),
      )
      .describe('Credential keys and rotation state; values are never given'),
    link: z.string().describe('Path of the integration in the portal'),
    updatedAt: z.string(),
  });

export type IntegrationSummary = zod.infer<
  ReturnType<typeof integrationSummarySchema>
>;

/** Copies known metadata fields one by one, so nothing else can slip into an answer. */
export function toSummary(integration: Integration): IntegrationSummary {
  return {
    id: integration.id,
    name: integration.name,
    type: integration.type,
    ...(integration.description
      ? { description: integration.description }
      : {}),
    owner: integration.owner,
    urls: integration.urls.map(u => ({
      url: u.url,
      ...(u.label ? { label: u.label } : {}),
    })),
    projects: [...integration.projects],
    credentials: integration.credentials.map(c => ({
      key: c.key,
      hasValue: c.hasValue,
      rotatedAt: c.rotatedAt,
      ...(c.expiresAt ? { expiresAt: c.expiresAt } : {}),
      rotationState: c.rotationState,
    })),
    link: `/integrations/${encodeURIComponent(integration.id)}`,
    updatedAt: integration.updatedAt,
  };
}
