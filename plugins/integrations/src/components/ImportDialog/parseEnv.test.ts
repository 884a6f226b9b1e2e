import { parseEnv } from './parseEnv';

describe('parseEnv', () => {
  it('reads KEY=VALUE lines, ignoring comments, blank lines and export prefixes', () => {
    const text = [
      '# Stripe',
      '',
      'SECRET_KEY=sk_live_1',
      'export PUBLISHABLE_KEY = pk_live_2',
      '   # indented comment',
      'WEBHOOK_SECRET=whsec_3 # trailing comment',
    ].join('\n');
    expect(parseEnv(text)).toEqual({
      entries: [
        { key: 'SECRET_KEY', value: 'sk_live_1' },
        { key: 'PUBLISHABLE_KEY', value: 'pk_live_2' },
        { key: 'WEBHOOK_SECRET', value: 'whsec_3' },
      ],
      skipped: [],
    });
  });

  it('strips single and double quotes and keeps what is inside them', () => {
    const text = `A="with # hash"\r\nB='single'\nC=""\nD="unterminated`;
    expect(parseEnv(text).entries).toEqual([
      { key: 'A', value: 'with # hash' },
      { key: 'B', value: 'single' },
      { key: 'C', value: '' },
      { key: 'D', value: '"unterminated' },
    ]);
  });

  it('keeps = inside values and names the lines it could not read', () => {
    expect(parseEnv('URL=https://x.example/?a=b\nnot a pair\n=nokey')).toEqual({
      entries: [{ key: 'URL', value: 'https://x.example/?a=b' }],
      skipped: [2, 3],
    });
  });

  it('keeps duplicate keys so validation can name them', () => {
    expect(parseEnv('A=1\nA=2').entries).toHaveLength(2);
  });
});
