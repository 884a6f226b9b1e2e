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
    return {
      id,
      title: entry.getString('title'),
      ...(entry.getOptionalString('icon')
        ? { icon: entry.getString('icon') }
        : {}),
      ...(rotationPeriodDays ? { rotationPeriodDays } : {}),
    };
  });
}
