import { ConnectionChecks } from '@integrations-hub/backstage-plugin-integrations-common';
import { presentHealth } from '../../core/integrations/presenters';
import { IntegrationRecord } from '../../core/store/types';
import { CheckStore } from './CheckStore';
import { ChecksConfig } from './config';
import {
  CheckDefinition,
  CheckDefinitionInput,
  expandDefinition,
} from './definition';

type DefinitionSource = ConnectionChecks['source'];

/** What a check does when neither the integration nor its type says. */
export const DEFAULT_DEFINITION = expandDefinition({ preset: 'reachability' });

/** The definition in force: the integration's own, else its type's, else reachability. */
export async function definitionOf(
  store: CheckStore,
  config: ChecksConfig,
  record: IntegrationRecord,
): Promise<{
  definition: CheckDefinition;
  source: DefinitionSource;
  input?: CheckDefinitionInput;
}> {
  const own = await store.getDefinition(record.id);
  if (own)
    return {
      definition: expandDefinition(own),
      source: 'integration',
      input: own,
    };
  const forType = config.types.get(record.type);
  if (forType) return { definition: forType, source: 'type' };
  return { definition: DEFAULT_DEFINITION, source: 'default' };
}

/** An integration's checks as its page shows them: the definition in force, health, recent results. */
export async function describeChecks(
  store: CheckStore,
  config: ChecksConfig,
  record: IntegrationRecord,
) {
  const { definition, source, input } = await definitionOf(
    store,
    config,
    record,
  );
  const health = (await store.health([record.id])).get(record.id);
  return {
    integrationId: record.id,
    definition,
    source,
    ...(input ? { override: input } : {}),
    ...(health ? { health: presentHealth(health) } : {}),
    history: (await store.history(record.id)).map(r => ({
      urlIndex: r.urlIndex,
      url: r.url,
      status: r.status,
      ...(r.httpStatus === undefined ? {} : { httpStatus: r.httpStatus }),
      latencyMs: r.latencyMs,
      reason: r.reason,
      checkedAt: r.checkedAt,
      trigger: r.trigger,
    })),
  };
}
