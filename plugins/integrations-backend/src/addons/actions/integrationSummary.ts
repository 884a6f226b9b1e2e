import { Integration } from '@integrations-hub/backstage-plugin-integrations-common';
import { z as zod } from 'zod/v3';

/** An integration's last connection check, per URL: statuses and timings, never a body or a credential. */
export interface HealthSummarySource {
  status: 'healthy' | 'unhealthy' | 'error';
  checkedAt: string;
  changedAt: string;
  urls: Array<{
    urlIndex: number;
    url: string;
    status: 'healthy' | 'unhealthy' | 'error';
    httpStatus?: number;
    latencyMs: number;
    reason: string;
    checkedAt: string;
  }>;
}

const checkStatus = (z: typeof zod) =>
  z.enum(['healthy', 'unhealthy', 'error']);

const healthSchema = (z: typeof zod) =>
  z
    .object({
      status: checkStatus(z),
      checkedAt: z.string(),
      changedAt: z.string().describe('When it last turned healthy or failing'),
      urls: z.array(
        z.object({
          urlIndex: z.number(),
          url: z.string(),
          status: checkStatus(z),
          httpStatus: z.number().optional(),
          latencyMs: z.number(),
          reason: z.string(),
          checkedAt: z.string(),
        }),
      ),
    })
    .describe(
      'The last connection check, per URL; absent when it was never checked',
    );

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
    health: healthSchema(z).optional(),
    link: z.string().describe('Path of the integration in the portal'),
    updatedAt: z.string(),
  });

type IntegrationSummary = zod.infer<
  ReturnType<typeof integrationSummarySchema>
>;

/** Copies known metadata fields one by one, so nothing else can slip into an answer. */
export function toSummary(
  integration: Integration,
  health?: HealthSummarySource,
): IntegrationSummary {
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
    ...(health
      ? {
          health: {
            status: health.status,
            checkedAt: health.checkedAt,
            changedAt: health.changedAt,
            urls: health.urls.map(u => ({
              urlIndex: u.urlIndex,
              url: u.url,
              status: u.status,
              ...(u.httpStatus === undefined
                ? {}
                : { httpStatus: u.httpStatus }),
              latencyMs: u.latencyMs,
              reason: u.reason,
              checkedAt: u.checkedAt,
            })),
          },
        }
      : {}),
    link: `/integrations/${encodeURIComponent(integration.id)}`,
    updatedAt: integration.updatedAt,
  };
}
