import { Config } from '@backstage/config';
import { IntegrationType } from '@integrations-hub/backstage-plugin-integrations-common';

/** Reads `integrations.types`; a broken list stops the backend at start with the key to fix. */
export function readIntegrationTypes(config: Config): IntegrationType[] {
  const entries = config.getOptionalConfigArray('integrations.types') ?? [];
  const seen = new Set<string>();
  return entries.map((entry, index) => {
    const id = entry.getString('id');
    if (!/^[a-z0-9][a-z0-9-]{0,63}$/.test(id) || seen.has(id)) {
      throw new Error(
        `integrations.types[${index}].id "${id}" must be unique, lower case letters, digits and -`,
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
        `integrations.types[${index}].rotationOverlapMinutes must be a whole number of minutes, 0 or more`,
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

/** How credentials are operated: versions kept per credential, when an integration counts as unused. */
export interface OperateConfig {
  versionsKept: number;
  unusedAfterDays: number;
}

export function readOperateConfig(config: Config): OperateConfig {
  const read = (key: string, fallback: number, min: number) => {
    const value = config.getOptionalNumber(key) ?? fallback;
    if (!Number.isInteger(value) || value < min)
      throw new Error(`${key} must be a whole number, ${min} or more`);
    return value;
  };
  return {
    versionsKept: read('integrations.credentials.versionsKept', 3, 1),
    unusedAfterDays: read('integrations.usage.unusedAfterDays', 30, 1),
  };
}
