import {
  AuditorService,
  AuditorServiceCreateEventOptions,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  NotificationSendOptions,
  NotificationService,
} from '@backstage/plugin-notifications-node';

/** Stands in for the notifications backend: keeps what would have been sent. */
export class RecordingNotificationService implements NotificationService {
  readonly sent: NotificationSendOptions[] = [];
  async send(options: NotificationSendOptions) {
    this.sent.push(options);
  }
}

/** An auditor that keeps every event with its final status and meta. */
export class RecordingAuditor implements AuditorService {
  readonly events: Array<
    AuditorServiceCreateEventOptions & { outcome?: string; final?: unknown }
  > = [];
  async createEvent(options: AuditorServiceCreateEventOptions) {
    const event: (typeof this.events)[number] = { ...options };
    this.events.push(event);
    return {
      success: async (o?: { meta?: unknown }) => {
        event.outcome = 'succeeded';
        event.final = o?.meta;
      },
      fail: async (o: { error: Error; meta?: unknown }) => {
        event.outcome = 'failed';
        event.final = { error: o.error.message, meta: o.meta };
      },
    };
  }
}

/** A logger that keeps every line and its metadata as text. */
export class RecordingLogger implements LoggerService {
  readonly lines: string[] = [];
  private write(level: string, message: string, meta?: unknown) {
    this.lines.push(`${level} ${message} ${meta ? JSON.stringify(meta) : ''}`);
  }
  error(message: string, meta?: Error | object) {
    this.write('error', message, meta);
  }
  warn(message: string, meta?: Error | object) {
    this.write('warn', message, meta);
  }
  info(message: string, meta?: Error | object) {
    this.write('info', message, meta);
  }
  debug(message: string, meta?: Error | object) {
    this.write('debug', message, meta);
  }
  child(): LoggerService {
    return this;
  }
  text() {
    return this.lines.join('\n');
  }
}
