import { parseImportFile } from './parseImportFile';

const row = { name: 'Stripe', type: 'payments', urls: [], credentials: [] };

describe('parseImportFile', () => {
  it('reads a JSON list and a JSON object with integrations', () => {
    expect(parseImportFile(JSON.stringify([row]))).toEqual({ rows: [row] });
    expect(parseImportFile(JSON.stringify({ integrations: [row] }))).toEqual({
      rows: [row],
    });
  });

  it('reads the same rows from YAML', () => {
    const yaml = [
      'integrations:',
      '  - name: Stripe',
      '    type: payments',
      '    urls: []',
      '    credentials: []',
    ].join('\n');
    expect(parseImportFile(yaml)).toEqual({ rows: [row] });
  });

  it('names what is wrong with a file it cannot use', () => {
    expect(parseImportFile('a: [b')).toMatchObject({ problem: 'unreadable' });
    expect(parseImportFile('just text')).toEqual({ problem: 'notAList' });
    expect(parseImportFile('[]')).toEqual({ problem: 'empty' });
  });

  it('refuses a YAML file whose aliases would expand it', () => {
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x, x]',
      ...Array.from({ length: 12 }, (_, i) => {
        const prev = i === 0 ? 'a' : `l${i - 1}`;
        return `l${i}: &l${i} [*${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}]`;
      }),
    ].join('\n');
    expect(parseImportFile(bomb)).toMatchObject({ problem: 'unreadable' });
  });
});
