import { Config } from '@backstage/config';
import { z } from 'zod';
import { readSection } from '../../core/config';
import { authTemplateSchema } from '../../core/net/authTemplate';
import type { CheckAuth } from '@integrations-hub/backstage-plugin-integrations-common';
import { pathPattern } from './target';

/** What the proxy lets callers do with the integrations of one type. */
export interface ProxyTypeSettings {
  methods: string[];
  paths: RegExp[];
  /** The path patterns as configured, for messages. */
  pathGlobs: string[];
  /** Which of an integration's URLs is the base: the one with this label, else the first. */
  urlLabel?: string;
  auth: CheckAuth;
  /** Caller headers passed on besides the built-in allowlist (lower case). */
  requestHeaders: string[];
}

export interface ProxyLimits {
  connectTimeoutMs: number;
  totalTimeoutMs: number;
  maxRequestBytes: number;
  maxResponseBytes: number;
  /** Calls in flight per integration, across callers. */
  concurrencyPerIntegration: number;
  /** Calls per minute per caller (user or service), across integrations. */
  ratePerCallerPerMinute: number;
}

export interface ProxyConfig {
  allowedCidrs: string[];
  /** PEM certificates of CAs trusted for upstreams besides Node's (an internal CA). */
  caCertificates: string[];
  limits: ProxyLimits;
  /** Only the types enabled in config: every other type is off. */
  types: Map<string, ProxyTypeSettings>;
}

const PREFIX = 'integrationsHub.proxy';
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

const typeSchema = z
  .object({
    enabled: z.boolean(),
    methods: z.array(z.enum(METHODS)).min(1).optional(),
    paths: z
      .array(
        z
          .string()
          .regex(
            /^\/[^\s#?\\]*$/,
            'must start with / and hold no spaces, ?, #',
          ),
      )
      .min(1)
      .optional(),
    urlLabel: z.string().min(1).max(100).optional(),
    auth: authTemplateSchema.optional(),
    requestHeaders: z
      .array(z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'must be a header name'))
      .optional(),
  })
  .strict();

/** Reads `integrationsHub.proxy`; a broken entry stops the backend at start, naming the key. */
export function readProxyConfig(
  config: Config,
  knownTypes: string[],
): ProxyConfig {
  const { section: proxy, number, ...read } = readSection(config, PREFIX);
  const allowedCidrs = read.allowedCidrs();
  const types = new Map<string, ProxyTypeSettings>();
  for (const { typeId, key, entry } of read.types(knownTypes)) {
    const parsed = typeSchema.safeParse(entry.get());
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(`${[key, ...issue.path].join('.')}: ${issue.message}`);
    }
    const settings = parsed.data;
    if (!settings.enabled) continue;
    const pathGlobs = settings.paths ?? ['/**'];
    types.set(typeId, {
      methods: settings.methods ?? ['GET'],
      paths: pathGlobs.map(pathPattern),
      pathGlobs,
      urlLabel: settings.urlLabel,
      auth: settings.auth ?? { type: 'none' },
      requestHeaders: (settings.requestHeaders ?? []).map(h => h.toLowerCase()),
    });
  }

  return {
    allowedCidrs,
    caCertificates: proxy?.getOptionalStringArray('caCertificates') ?? [],
    limits: {
      connectTimeoutMs: number('connectTimeoutMs', 3000, 100, 60_000),
      totalTimeoutMs: number('totalTimeoutMs', 30_000, 100, 600_000),
      maxRequestBytes: number('maxRequestKb', 1024, 1, 100 * 1024) * 1024,
      maxResponseBytes:
        number('maxResponseKb', 10 * 1024, 1, 1024 * 1024) * 1024,
      concurrencyPerIntegration: number(
        'concurrencyPerIntegration',
        20,
        1,
        10_000,
      ),
      ratePerCallerPerMinute: number(
        'ratePerCallerPerMinute',
        600,
        1,
        1_000_000,
      ),
    },
    types,
  };
}
