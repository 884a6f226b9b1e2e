import { Request } from 'express';
import {
  AuditorService,
  AuditorServiceEventSeverityLevel,
} from '@backstage/backend-plugin-api';
import { JsonObject } from '@backstage/types';

/**
 * Runs one operation inside an auditor event that succeeds or fails with it.
 * Meta holds ids, keys and refs only; error messages never carry values.
 */
export async function audited<T>(
  auditor: AuditorService,
  req: Request<any, any, any, any, any>,
  event: {
    eventId: string;
    severityLevel?: AuditorServiceEventSeverityLevel;
    meta?: JsonObject;
  },
  run: () => Promise<T>,
  metaOf?: (result: T) => JsonObject,
): Promise<T> {
  const auditEvent = await auditor.createEvent({ ...event, request: req });
  try {
    const result = await run();
    await auditEvent.success({ meta: metaOf?.(result) });
    return result;
  } catch (error) {
    await auditEvent.fail({ error: error as Error });
    throw error;
  }
}
