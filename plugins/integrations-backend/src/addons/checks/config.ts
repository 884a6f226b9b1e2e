import { Config } from '@backstage/config';
import { readSection } from '../../core/config';
import {
  CheckDefinition,
  checkDefinitionInputSchema,
  expandDefinition,
} from './definition';
import { DEFAULT_LIMITS, SafeFetchLimits } from './safeFetch';

export interface ChecksConfig {
  /** Scheduled checks on or off; "Test connection" works either way. */
  scheduleEnabled: boolean;
  frequencyMinutes: number;
  /** At most this many integrations per scheduled run, least recently checked first. */
  maxPerRun: number;
  /** Results kept per integration. */
  historySize: number;
  allowedCidrs: string[];
  limits: SafeFetchLimits;
  knownTypes: string[];
  /** Check definitions per integration type id. */
  types: Map<string, CheckDefinition>;
}

const PREFIX = 'integrationsHub.checks';

/** Reads `integrationsHub.checks`; a broken entry stops the backend at start, naming the key. */
export function readChecksConfig(
  config: Config,
  knownTypes: string[],
): ChecksConfig {
  const { section: checks, number, ...read } = readSection(config, PREFIX);
  const allowedCidrs = read.allowedCidrs();
  const types = new Map<string, CheckDefinition>();
  for (const { typeId, key, entry } of read.types(knownTypes)) {
    const parsed = checkDefinitionInputSchema.safeParse(entry.get());
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(`${[key, ...issue.path].join('.')}: ${issue.message}`);
    }
    types.set(typeId, expandDefinition(parsed.data));
  }

  return {
    scheduleEnabled: checks?.getOptionalBoolean('schedule.enabled') ?? true,
    frequencyMinutes: number('schedule.frequencyMinutes', 15, 1, 24 * 60),
    maxPerRun: number('schedule.maxPerRun', 500, 1, 100_000),
    historySize: number('historySize', 20, 1, 500),
    allowedCidrs,
    limits: {
      connectTimeoutMs: number(
        'connectTimeoutMs',
        DEFAULT_LIMITS.connectTimeoutMs,
        100,
        30_000,
      ),
      totalTimeoutMs: number(
        'totalTimeoutMs',
        DEFAULT_LIMITS.totalTimeoutMs,
        100,
        60_000,
      ),
      maxResponseBytes:
        number(
          'maxResponseKb',
          DEFAULT_LIMITS.maxResponseBytes / 1024,
          1,
          1024,
        ) * 1024,
      maxRedirects: number('maxRedirects', DEFAULT_LIMITS.maxRedirects, 0, 10),
    },
    knownTypes,
    types,
  };
}
