import { csvCell, toCsv } from './exportCsv';

describe('csvCell', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['+49 30', "'+49 30"],
    ['-2', "'-2"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['=cmd|"x"', `"'=cmd|""x"""`],
  ])('writes %j as %j', (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });
});

describe('toCsv', () => {
  it('writes a header and one line per integration with joined values', () => {
    const csv = toCsv([
      {
        name: 'Stripe',
        type: 'payments',
        owner: 'group:default/pay',
        urls: [{ url: 'https://a.example' }, { url: 'https://b.example' }],
        projects: ['component:default/checkout'],
        credentials: [
          { key: 'A', rotatedAt: '2026-01-01T00:00:00.000Z' },
          {
            key: 'B',
            rotatedAt: '2026-01-02T00:00:00.000Z',
            expiresAt: '2027-01-01T00:00:00.000Z',
            writeOnly: true,
          },
        ],
      },
    ]);
    expect(csv.split('\r\n')).toEqual([
      'name,type,owner,description,urls,projects,credentialKeys,credentialRotatedAt,credentialExpiresAt,healthStatus,lastUsedAt,credentialWriteOnly',
      'Stripe,payments,group:default/pay,,https://a.example;https://b.example,component:default/checkout,A;B,2026-01-01T00:00:00.000Z;2026-01-02T00:00:00.000Z,;2027-01-01T00:00:00.000Z,,,false;true',
      '',
    ]);
  });
});
