import { parseRestPath, pathPattern, proxyTarget } from './target';

describe('proxyTarget', () => {
  it('joins below the base path and keeps the query', () => {
    const { url, path } = proxyTarget(
      'https://api.example.com/v1/',
      'models/gpt%20x',
      'a=1',
    );
    expect(url.toString()).toBe(
      'https://api.example.com/v1/models/gpt%20x?a=1',
    );
    expect(path).toBe('/models/gpt x');
  });

  it.each([
    '..',
    '../x',
    '%2e%2e/x',
    '.%2E/x',
    'a/%2e',
    '..%2fx',
    'a%5cb',
    'a\\b',
    '/evil.example/x',
    'a//b',
    'a/%00',
    '%zz',
  ])('refuses %s before any URL parser sees it', rest => {
    expect(() => parseRestPath(rest)).toThrow(/^path: /);
    expect(() => proxyTarget('https://api.example.com/v1', rest, '')).toThrow(
      /^path: /,
    );
  });
});

describe('pathPattern', () => {
  it('matches one segment with * and any rest with **', () => {
    expect(pathPattern('/models/*').test('/models/gpt')).toBe(true);
    expect(pathPattern('/models/*').test('/models/a/b')).toBe(false);
    expect(pathPattern('/chat/**').test('/chat/a/b')).toBe(true);
    expect(pathPattern('/a.b').test('/axb')).toBe(false);
  });
});
