import { PermissionsRegistryService } from '@backstage/backend-plugin-api';
import { registerIntegrationsPermissions } from './register';

describe('getResources of each resource type', () => {
  it('loads all refs of a request in one query, in the order asked', async () => {
    const getResources = new Map<
      string,
      (refs: string[]) => Promise<unknown[]>
    >();
    const registry = {
      addPermissions: () => {},
      addResourceType: (type: any) =>
        getResources.set(type.resourceRef.resourceType, type.getResources),
    } as unknown as PermissionsRegistryService;
    const integrationLoads: string[][] = [];
    const projectLoads: string[][] = [];
    registerIntegrationsPermissions({
      permissionsRegistry: registry,
      getIntegrations: async ids => {
        integrationLoads.push(ids);
        return ids.map(id => (id === 'gone' ? undefined : ({ id } as any)));
      },
      projects: async refs => {
        projectLoads.push(refs);
        return refs.map(ref => ({ metadata: { name: ref } } as any));
      },
    });

    expect([...getResources.keys()].sort()).toEqual([
      'integration',
      'integration-credential',
      'integration-project',
    ]);
    for (const type of ['integration', 'integration-credential']) {
      expect(await getResources.get(type)!(['a', 'gone', 'b'])).toEqual([
        { id: 'a' },
        undefined,
        { id: 'b' },
      ]);
    }
    expect(
      await getResources.get('integration-project')!(['p1', 'p2', 'p3']),
    ).toHaveLength(3);
    expect(integrationLoads).toEqual([
      ['a', 'gone', 'b'],
      ['a', 'gone', 'b'],
    ]);
    expect(projectLoads).toEqual([['p1', 'p2', 'p3']]);
  });
});
