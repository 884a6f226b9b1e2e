import { Config, ConfigReader } from '@backstage/config';
import { JsonValue } from '@backstage/types';
import { IntegrationType } from '@integrations-hub/backstage-plugin-integrations-common';
import { parseCidr } from './net/addressPolicy';

/** Reads `integrationsHub.types`; a broken list stops the backend at start with the key to fix. */
export function readIntegrationTypes(config: Config): IntegrationType[] {
  const entries = config.getOptionalConfigArray('integrationsHub.types') ?? [];
  const seen = new Set<string>();
  return entries.map((entry, index) => {
    const id = entry.getString('id');
    if (!/^[a-z0-9][a-z0-9-]{0,63}$/.test(id) || seen.has(id)) {
      throw new Error(
        `integrationsHub.types[${index}].id "${id}" must be unique, lower case letters, digits and -`,
      );
    }
    seen.add(id);
    const rotationPeriodDays = entry.getOptionalNumber('rotationPeriodDays');
    const rotationOverlapMinutes = entry.getOptionalNumber(
      'rotationOverlapMinutes',
    );
    if (
      rotationOverlapMinutes !== undefined &&
      !(Number.isInteger(rotationOverlapMinutes) && rotationOverlapMinutes >= 0)
    ) {
      throw new Error(
        `integrationsHub.types[${index}].rotationOverlapMinutes must be a whole number of minutes, 0 or more`,
      );
    }
    return {
      id,
      title: entry.getString('title'),
      ...(entry.getOptionalString('icon')
        ? { icon: entry.getString('icon') }
        : {}),
      ...(rotationPeriodDays ? { rotationPeriodDays } : {}),
      ...(rotationOverlapMinutes ? { rotationOverlapMinutes } : {}),
    };
  });
}

/**
 * How long one user's decision on a permission that guards no secret value is
 * reused (ms). Bounded: a changed policy must apply within seconds.
 */
export function readDecisionReuseMs(config: Config): number {
  const key = 'integrationsHub.permissions.decisionReuseMs';
  const value = readWholeNumber(config, key, 1000, 0);
  if (value > 5000) throw new Error(`${key} must be 5000 or less`);
  return value;
}

function readWholeNumber(
  config: Config,
  key: string,
  fallback: number,
  min: number,
) {
  const value = config.getOptionalNumber(key) ?? fallback;
  if (!Number.isInteger(value) || value < min)
    throw new Error(`${key} must be a whole number, ${min} or more`);
  return value;
}

/** `integrationsHub.credentials.versionsKept`: previous values kept per credential (default 3). */
export function readVersionsKept(config: Config): number {
  return readWholeNumber(
    config,
    'integrationsHub.credentials.versionsKept',
    3,
    1,
  );
}

/** `integrationsHub.usage.unusedAfterDays`: when an integration nobody resolved counts as unused (default 30). */
export function readUnusedAfterDays(config: Config): number {
  return readWholeNumber(
    config,
    'integrationsHub.usage.unusedAfterDays',
    30,
    1,
  );
}

/**
 * `integrationsHub.usage.flushIntervalSeconds`: how often counted resolves are
 * written (default 60). A replica killed without a shutdown loses at most this
 * much of its counts; a normal shutdown writes them.
 */
export function readUsageFlushSeconds(config: Config): number {
  return readWholeNumber(
    config,
    'integrationsHub.usage.flushIntervalSeconds',
    60,
    1,
  );
}

/** The plugin's own root key; `integrations` belongs to Backstage's SCM integrations. */
const CONFIG_ROOT = 'integrationsHub';

// `rights` moved too; the rights module reads (and warns about) it itself.
const MOVED_KEYS = [
  'types',
  'encryption',
  'credentials',
  'usage',
  'checks',
  'permissions',
  'dangerouslyAllowSecretAccessWithoutPermissions',
];

/**
 * Settings from before 0.3.0 still under core's `integrations:` key (and not yet under
 * ours) stay readable through 0.3.x: returns the config with them under `integrationsHub`,
 * and one deprecation message per moved key.
 */
export function withMovedSettings(config: Config): {
  config: Config;
  deprecations: string[];
} {
  const moved = MOVED_KEYS.filter(
    key =>
      config.has(`integrations.${key}`) && !config.has(`${CONFIG_ROOT}.${key}`),
  );
  if (moved.length === 0) return { config, deprecations: [] };
  const data = Object.fromEntries(
    moved.map(key => [key, config.get<JsonValue>(`integrations.${key}`)]),
  );
  return {
    config: ConfigReader.fromConfigs([
      { context: 'integrations (deprecated)', data: { [CONFIG_ROOT]: data } },
      { context: 'app-config', data: config.get() },
    ]),
    deprecations: moved.map(
      key =>
        `integrations.${key} is deprecated: move it to ${CONFIG_ROOT}.${key} (read through 0.4.x)`,
    ),
  };
}

/**
 * `integrationsHub.encryption.dataKeyCacheSeconds`: how long an unwrapped data
 * key stays in memory (default 300). Longer rides out longer key provider
 * outages; shorter bounds what one replica's memory holds.
 */
export function readDataKeyCacheSeconds(config: Config): number {
  return readWholeNumber(
    config,
    'integrationsHub.encryption.dataKeyCacheSeconds',
    300,
    1,
  );
}

/**
 * One add-on's section of config (`integrationsHub.<name>`), read the same way by
 * every add-on: each error names the full key, so a broken entry stops the start
 * saying where it is.
 */
export function readSection(config: Config, prefix: string) {
  const section = config.getOptionalConfig(prefix);
  return {
    section,
    /** A number in [min, max], or the fallback when absent. */
    number(key: string, fallback: number, min: number, max: number): number {
      const value = section?.getOptionalNumber(key) ?? fallback;
      if (!Number.isFinite(value) || value < min || value > max) {
        throw new Error(`${prefix}.${key} must be between ${min} and ${max}`);
      }
      return value;
    },
    /** `allowedCidrs`, each one checked. */
    allowedCidrs(): string[] {
      const cidrs = section?.getOptionalStringArray('allowedCidrs') ?? [];
      cidrs.forEach((cidr, index) => {
        try {
          parseCidr(cidr);
        } catch (error) {
          throw new Error(
            `${prefix}.allowedCidrs[${index}]: ${(error as Error).message}`,
          );
        }
      });
      return cidrs;
    },
    /** The entries of `types`, each for an integration type that exists. */
    types(
      knownTypes: string[],
    ): { typeId: string; key: string; entry: Config }[] {
      const types = section?.getOptionalConfig('types');
      return (types?.keys() ?? []).map(typeId => {
        const key = `${prefix}.types.${typeId}`;
        if (!knownTypes.includes(typeId)) {
          throw new Error(
            `${key}: no integration type "${typeId}" in integrationsHub.types`,
          );
        }
        return { typeId, key, entry: types!.getConfig(typeId) };
      });
    },
  };
}
