import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { catalogProjectLoader } from './projects';

const component = (name: string) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default' },
  spec: { owner: 'team-payments' },
});

describe('catalogProjectLoader', () => {
  it('loads every project in one catalog request, in the order asked', async () => {
    const catalog = catalogServiceMock({
      entities: [component('checkout'), component('call-router')],
    });
    const byRefs = jest.spyOn(catalog, 'getEntitiesByRefs');
    const load = catalogProjectLoader(catalog, mockServices.auth());

    const found = await load([
      'component:default/call-router',
      'not a ref',
      'component:default/missing',
      'Component:default/checkout',
    ]);

    expect(found.map(e => e?.metadata.name)).toEqual([
      'call-router',
      undefined,
      undefined,
      'checkout',
    ]);
    expect(byRefs).toHaveBeenCalledTimes(1);
  });

  it('asks the catalog nothing when no ref is well formed', async () => {
    const catalog = catalogServiceMock({ entities: [] });
    const byRefs = jest.spyOn(catalog, 'getEntitiesByRefs');
    const load = catalogProjectLoader(catalog, mockServices.auth());
    expect(await load(['nope'])).toEqual([undefined]);
    expect(byRefs).not.toHaveBeenCalled();
  });
});
