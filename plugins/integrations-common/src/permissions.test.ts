import { integrationsPermissions } from './permissions';

describe('integrations permissions', () => {
  it('puts each permission under the resource type and action a policy engine grants it by', () => {
    // What RBAC sees: resource type and action (`use` where there is no action).
    const table = integrationsPermissions.map(p => [
      p.name,
      p.type === 'resource' ? p.resourceType : '(basic)',
      p.attributes.action ?? 'use',
    ]);
    expect(table).toEqual([
      ['integrations.integration.read', 'integration', 'read'],
      ['integrations.integration.create', '(basic)', 'create'],
      ['integrations.integration.update', 'integration', 'update'],
      ['integrations.integration.delete', 'integration', 'delete'],
      ['integrations.credential.reveal', 'integration-credential', 'read'],
      ['integrations.credential.use', 'integration-credential', 'use'],
      ['integrations.project.assign', 'integration-project', 'update'],
      ['integrations.proxy.use', 'integration', 'use'],
    ]);
  });

  it('leaves no other permission granted by `integration, read`', () => {
    const granted = integrationsPermissions.filter(
      p =>
        p.type === 'resource' &&
        p.resourceType === 'integration' &&
        p.attributes.action === 'read',
    );
    expect(granted.map(p => p.name)).toEqual(['integrations.integration.read']);
  });
});
