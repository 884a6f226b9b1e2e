import { ConfigReader } from '@backstage/config';
import { readOAuthConfig } from './config';

const read = (oauth2: object) =>
  readOAuthConfig(new ConfigReader({ integrationsHub: { oauth2 } }), ['ai']);

describe('readOAuthConfig', () => {
  it('fills in the defaults of a type', () => {
    const config = read({ types: { ai: {} } });
    expect(config.types.get('ai')).toEqual({
      tokenUrlLabel: 'token',
      clientIdKey: 'CLIENT_ID',
      clientSecretKey: 'CLIENT_SECRET',
      accessTokenKey: 'ACCESS_TOKEN',
      scopes: [],
      clientAuth: 'basic',
    });
    expect(config.refreshSkewMs).toBe(60_000);
  });

  it.each([
    [{ types: { mail: {} } }, 'no integration type "mail"'],
    [{ types: { ai: { scopes: ['a b'] } } }, 'scopes[0] is not an OAuth scope'],
    [
      { types: { ai: { clientAuth: 'jwt' } } },
      'clientAuth must be basic or post',
    ],
    [{ types: { ai: { clientSecretKey: 'not a key' } } }, 'clientSecretKey'],
    [{ refreshSkewSeconds: -1 }, 'refreshSkewSeconds must be between'],
  ])('stops the backend at start on %j, naming the key', (oauth2, message) => {
    expect(() => read(oauth2)).toThrow(message);
  });
});
