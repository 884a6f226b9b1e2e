import { AuthService } from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';

/** Catalog entities by ref, in the order asked; undefined where none (or the ref is malformed). */
export type ProjectLoader = (
  entityRefs: string[],
) => Promise<Array<Entity | undefined>>;

/** What the project rules read of an entity. */
const FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'spec.owner',
  'relations',
];

const normalized = (ref: string) => {
  try {
    return stringifyEntityRef(parseEntityRef(ref));
  } catch {
    return undefined;
  }
};

/** Loads projects from the catalog as this plugin, all refs in one request. */
export function catalogProjectLoader(
  catalog: CatalogService,
  auth: AuthService,
): ProjectLoader {
  return async entityRefs => {
    const refs = entityRefs.map(normalized);
    const valid = [...new Set(refs.filter((r): r is string => !!r))];
    if (!valid.length) return entityRefs.map(() => undefined);
    const { items } = await catalog.getEntitiesByRefs(
      { entityRefs: valid, fields: FIELDS },
      { credentials: await auth.getOwnServiceCredentials() },
    );
    const byRef = new Map(valid.map((ref, i) => [ref, items[i] ?? undefined]));
    return refs.map(ref => (ref ? byRef.get(ref) : undefined));
  };
}
