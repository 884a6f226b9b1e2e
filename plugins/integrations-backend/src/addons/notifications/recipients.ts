import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { IntegrationRecord } from '../../core/store/types';

/**
 * Who hears about an integration: its owner and the owners (`spec.owner`) of
 * its active projects, as user or group refs the notifications service expands.
 */
export class OwnerRecipients {
  constructor(
    private readonly deps: {
      catalog: CatalogService;
      auth: AuthService;
      logger: LoggerService;
    },
  ) {}

  async of(record: IntegrationRecord): Promise<string[]> {
    const refs = new Set([record.owner.toLocaleLowerCase('en-US')]);
    const projects = record.projects
      .filter(p => !p.pausedAt)
      .map(p => p.entityRef);
    if (!projects.length) return [...refs];
    try {
      const { items } = await this.deps.catalog.getEntitiesByRefs(
        {
          entityRefs: projects,
          fields: ['kind', 'metadata.name', 'metadata.namespace', 'spec.owner'],
        },
        { credentials: await this.deps.auth.getOwnServiceCredentials() },
      );
      for (const entity of items) {
        const owner = entity?.spec?.owner;
        if (typeof owner !== 'string' || !owner) continue;
        // `spec.owner: team-a` means group:<the entity's namespace>/team-a.
        const ref = parseEntityRef(owner, {
          defaultKind: 'group',
          defaultNamespace: entity!.metadata.namespace ?? 'default',
        });
        refs.add(stringifyEntityRef(ref).toLocaleLowerCase('en-US'));
      }
    } catch (error) {
      // The owner still hears about it when the catalog cannot answer.
      this.deps.logger.warn(
        `Could not look up the owners of the projects of integration ${
          record.id
        }: ${(error as Error).message}`,
      );
    }
    return [...refs];
  }
}
