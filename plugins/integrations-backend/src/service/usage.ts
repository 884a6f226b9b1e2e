import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { UsageList } from '@integrations-hub/backstage-plugin-integrations-common';
import { UsageStore } from '../store/UsageStore';
import { isUnused, unusedCutoff } from '../usage/unused';
import { IntegrationsService } from './IntegrationsService';

/** "Used by": who resolved an integration's credentials, for people who may read it. */
export class IntegrationUsageService {
  constructor(
    private readonly integrations: IntegrationsService,
    private readonly usage: UsageStore,
    private readonly options: {
      /** `integrations.usage.unusedAfterDays`. */
      unusedAfterDays: number;
      clock?: () => Date;
    } = { unusedAfterDays: 30 },
  ) {}

  /**
   * Adds `lastUsedAt` (when a use is recorded) and `unused: true` (when it is
   * unused) to integrations the caller already may read: one query for all.
   */
  async withLastUse<T extends { id: string; createdAt: string }>(
    items: T[],
  ): Promise<Array<T & { lastUsedAt?: string; unused?: true }>> {
    const last = await this.usage.lastUse(items.map(i => i.id));
    const cutoff = unusedCutoff(
      this.options.clock?.() ?? new Date(),
      this.options.unusedAfterDays,
    );
    return items.map(item => {
      const use = last.get(item.id);
      const unused = isUnused(
        { createdAt: new Date(item.createdAt), lastUsedDay: use?.day },
        cutoff,
      );
      // Like health, present only when there is something to say.
      return {
        ...item,
        ...(use ? { lastUsedAt: use.lastUsedAt.toISOString() } : {}),
        ...(unused ? { unused } : {}),
      };
    });
  }

  async usedBy(
    id: string,
    credentials: BackstageCredentials,
  ): Promise<UsageList> {
    await this.integrations.getReadable(id, credentials);
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
