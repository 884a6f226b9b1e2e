import {
  AuditorService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import { JsonObject } from '@backstage/types';
import type { Request } from 'express';

/** Who did it, as recorded in history: a user entity ref or a service subject. */
export function actorOf(credentials: BackstageCredentials<any>): string {
  const principal = credentials.principal ?? {};
  if (principal.type === 'user') return principal.userEntityRef;
  if (principal.type === 'service') return principal.subject;
  return 'unknown';
}

/** Wraps an operation in an auditor event that succeeds or fails with it. */
export class Audit {
  constructor(private readonly auditor: AuditorService) {}

  async around<T>(
    eventId: string,
    request: AuditRequest | undefined,
    operation: () => Promise<{ result: T; meta?: JsonObject }>,
    severityLevel: 'low' | 'medium' | 'high' | 'critical' = 'medium',
  ): Promise<T> {
    const event = await this.auditor.createEvent({
      eventId,
      request,
      severityLevel,
    });
    try {
      const { result, meta } = await operation();
      await event.success({ meta });
      return result;
    } catch (error) {
      // Errors never carry secret values: messages name fields and keys only.
      await event.fail({ error: error as Error });
      throw error;
    }
  }
}

/** The HTTP request an audit event describes, when there is one. */
export type AuditRequest = Request;
