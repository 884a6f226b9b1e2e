import {
  IntegrationsKeyRejectedError,
  integrationsKeyProvidersExtensionPoint,
} from './keyProviders';

describe('key providers extension point', () => {
  it('has the id modules register against', () => {
    expect(integrationsKeyProvidersExtensionPoint.id).toBe(
      'integrations.key-providers',
    );
  });

  it('names a rejection so the backend can tell it from an outage', () => {
    const error = new IntegrationsKeyRejectedError('key "k1" is not held');
    expect(error.name).toBe('IntegrationsKeyRejectedError');
    expect(error).toBeInstanceOf(Error);
  });
});
