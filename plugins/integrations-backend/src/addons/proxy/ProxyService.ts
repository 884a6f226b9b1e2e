import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  InputError,
  NotAllowedError,
  ServiceUnavailableError,
} from '@backstage/errors';
import {
  entityRefSchema,
  integrationProxyUsePermission,
  ProxySettings,
} from '@integrations-hub/backstage-plugin-integrations-common';
import type { CheckAuth } from '@integrations-hub/backstage-plugin-integrations-common';
import {
  fillTemplate,
  MissingCredentialError,
} from '../../core/net/authTemplate';
import { IntegrationGate } from '../../core/permissions/IntegrationGate';
import { IntegrationRecord } from '../../core/store/types';
import { ProxyConfig, ProxyTypeSettings } from './config';
import { ProxyPlan } from './plan';
import { PROJECT_HEADER } from './headers';
import { ConcurrencyLimit, RateLimit } from './limits';
import { parseRestPath, proxyTarget } from './target';

/** The values of an integration for use, as resolve reads them (minted tokens included). */
export type OpenForUse = (
  record: IntegrationRecord,
) => Promise<
  | { ok: true; credentials: Record<string, string> }
  | { ok: false; key: string; reason: string }
>;

interface ProxyCall {
  integrationId: string;
  /** The project header as sent. */
  project: string | undefined;
  method: string;
  /** The rest of the path after the integration id, as the caller encoded it. */
  rawPath: string;
  /** The query string without `?`, passed on as sent. */
  rawQuery: string;
  credentials: BackstageCredentials;
  /** Who calls, for rate limits and usage. */
  actor: string;
}

/** A call refused by a limit; the router answers 429 with Retry-After. */
export class ProxyLimitError extends Error {
  readonly name = 'ProxyLimitError';
  constructor(message: string, readonly retryAfterSeconds: number) {
    super(message);
  }
}

/**
 * The proxy's rules, decided before any connection: the path stays below
 * the base, the caller holds `integrations.proxy.use`, the type has the
 * proxy on for this method and path, the integration is assigned to the
 * named project and not paused, and the caller is within its limits.
 */
export class ProxyService {
  private readonly concurrency: ConcurrencyLimit;
  private readonly rate: RateLimit;

  constructor(
    private readonly options: {
      gate: IntegrationGate;
      config: ProxyConfig;
      openForUse: OpenForUse;
    },
  ) {
    const { limits } = options.config;
    this.concurrency = new ConcurrencyLimit(limits.concurrencyPerIntegration);
    this.rate = new RateLimit(limits.ratePerCallerPerMinute);
  }

  /** What the proxy lets callers do with an integration, for its page; read permission. */
  async getProxySettings(
    id: string,
    credentials: BackstageCredentials,
  ): Promise<ProxySettings> {
    const record = await this.options.gate.load(id, credentials);
    const settings = this.options.config.types.get(record.type);
    if (!settings) {
      return { enabled: false, methods: [], paths: [], auth: 'none' };
    }
    const base = record.urls.find(u =>
      settings.urlLabel ? u.label === settings.urlLabel : true,
    );
    return {
      enabled: true,
      methods: settings.methods,
      paths: settings.pathGlobs,
      ...(settings.urlLabel ? { urlLabel: settings.urlLabel } : {}),
      ...(base ? { baseHost: new URL(base.url).host } : {}),
      auth: settings.auth.type,
    };
  }

  async plan(call: ProxyCall): Promise<ProxyPlan> {
    const project = parseProject(call.project);
    // Refused on the raw text, before anything is loaded or connected.
    const segments = parseRestPath(call.rawPath);
    const record = await this.options.gate.loadForUse(
      call.integrationId,
      call.credentials,
      integrationProxyUsePermission,
    );
    const settings = this.settingsFor(
      record,
      call.method,
      `/${segments.join('/')}`,
    );
    assertAssigned(record, project);
    const base = baseOf(record, settings);
    const { url } = proxyTarget(base.toString(), call.rawPath, call.rawQuery);

    const wait = this.rate.take(call.actor);
    if (wait) {
      throw new ProxyLimitError(
        `${call.actor} called the proxy more than ${this.options.config.limits.ratePerCallerPerMinute} times a minute`,
        wait,
      );
    }
    const release = this.concurrency.tryAcquire(record.id);
    if (!release) {
      throw new ProxyLimitError(
        `integration ${record.id} has ${this.options.config.limits.concurrencyPerIntegration} proxied calls in flight`,
        1,
      );
    }
    try {
      const values = await this.options.openForUse(record);
      if (!values.ok) {
        throw new ServiceUnavailableError(
          `credential ${values.key} of integration ${record.id} cannot be used: ${values.reason}`,
        );
      }
      const injected = placeOrExplain(
        record,
        settings,
        values.credentials,
        url,
      );
      return {
        record,
        project,
        url,
        base,
        injectedHeaders: injected.headers,
        secrets: [...Object.values(values.credentials), ...injected.derived],
        settings,
        release,
      };
    } catch (error) {
      release();
      throw error;
    }
  }

  private settingsFor(
    record: IntegrationRecord,
    method: string,
    path: string,
  ): ProxyTypeSettings {
    const settings = this.options.config.types.get(record.type);
    if (!settings) {
      throw new NotAllowedError(
        `the proxy is off for integrations of type ${record.type} (integrationsHub.proxy.types.${record.type}.enabled)`,
      );
    }
    if (!settings.methods.includes(method)) {
      throw new NotAllowedError(
        `method ${method} is not allowed through the proxy for type ${
          record.type
        }; allowed: ${settings.methods.join(', ')}`,
      );
    }
    if (!settings.paths.some(p => p.test(path))) {
      throw new NotAllowedError(
        `path: not allowed through the proxy for type ${
          record.type
        }; allowed: ${settings.pathGlobs.join(', ')}`,
      );
    }
    return settings;
  }
}

function placeOrExplain(
  record: IntegrationRecord,
  settings: ProxyTypeSettings,
  credentials: Record<string, string>,
  url: URL,
) {
  try {
    return placeCredentials(settings.auth, credentials, url);
  } catch (error) {
    if (!(error instanceof MissingCredentialError)) throw error;
    throw new ServiceUnavailableError(
      `integration ${record.id} has no credential ${error.key}, which the proxy's auth template for type ${record.type} places`,
    );
  }
}

function parseProject(raw: string | undefined): string {
  if (!raw) {
    throw new InputError(
      `${PROJECT_HEADER}: is required (the entity ref of the project the call is for)`,
    );
  }
  const parsed = entityRefSchema.safeParse(raw);
  if (!parsed.success) {
    throw new InputError(
      `${PROJECT_HEADER}: ${
        parsed.error.issues[0]?.message ?? 'is not an entity ref'
      }`,
    );
  }
  return parsed.data;
}

function assertAssigned(record: IntegrationRecord, project: string) {
  const assignment = record.projects.find(p => p.entityRef === project);
  if (!assignment) {
    throw new NotAllowedError(
      `integration ${record.id} is not assigned to ${project}`,
    );
  }
  if (assignment.pausedAt) {
    throw new NotAllowedError(
      `the assignment of integration ${record.id} to ${project} is paused`,
    );
  }
}

function baseOf(record: IntegrationRecord, settings: ProxyTypeSettings): URL {
  const chosen = settings.urlLabel
    ? record.urls.find(u => u.label === settings.urlLabel)
    : record.urls[0];
  if (!chosen) {
    throw new NotAllowedError(
      `integration ${record.id} has no URL${
        settings.urlLabel ? ` labelled ${settings.urlLabel}` : ''
      } for the proxy`,
    );
  }
  return new URL(chosen.url);
}

/**
 * The type's auth template filled with the values: headers to set (they
 * overwrite the caller's) or a query parameter set on the URL in place.
 * `derived` are the strings built from values (a basic pair in base64).
 */
function placeCredentials(
  auth: CheckAuth,
  credentials: Record<string, string>,
  url: URL,
): { headers: Record<string, string>; derived: string[] } {
  switch (auth.type) {
    case 'none':
      return { headers: {}, derived: [] };
    case 'header': {
      const value = fillTemplate(auth.value, credentials);
      return { headers: { [auth.name]: value }, derived: [value] };
    }
    case 'basic': {
      const pair = Buffer.from(
        `${fillTemplate(`{${auth.usernameKey}}`, credentials)}:${fillTemplate(
          `{${auth.passwordKey}}`,
          credentials,
        )}`,
      ).toString('base64');
      return { headers: { authorization: `Basic ${pair}` }, derived: [pair] };
    }
    case 'query': {
      const value = fillTemplate(auth.value, credentials);
      url.searchParams.set(auth.name, value);
      return { headers: {}, derived: [value] };
    }
    default:
      return { headers: {}, derived: [] };
  }
}
