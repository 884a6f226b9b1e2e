import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { UsageList } from '@integrations-hub/backstage-plugin-integrations-common';
import { UsageStore } from '../store/UsageStore';
import { IntegrationGate } from '../permissions/IntegrationGate';

/** "Used by": who resolved an integration's credentials, for people who may read it. */
export class IntegrationUsageService {
  constructor(
    private readonly gate: IntegrationGate,
    private readonly usage: UsageStore,
  ) {}

  async getIntegrationUsage(
    id: string,
    credentials: BackstageCredentials,
  ): Promise<UsageList> {
    await this.gate.load(id, credentials);
    const items = await this.usage.listUsage(id);
    return {
      items: items.map(u => ({
        consumer: u.consumer,
        project: u.project,
        firstUsedAt: u.firstUsedAt.toISOString(),
        lastUsedAt: u.lastUsedAt.toISOString(),
        totalCount: u.totalCount,
        days: u.days,
      })),
    };
  }
}
