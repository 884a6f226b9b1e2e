import { AddressPolicy, parseCidr } from './addressPolicy';

describe('AddressPolicy', () => {
  const policy = new AddressPolicy();

  it.each([
    '127.0.0.1',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '100.64.0.1',
    '169.254.169.254',
    '0.0.0.0',
    '224.0.0.1',
    '240.0.0.1',
    '255.255.255.255',
    '::1',
    '::',
    'fc00::1',
    'fd00:ec2::254',
    'fe80::1',
    'ff02::1',
    '::ffff:127.0.0.1',
    '::ffff:10.0.0.1',
    '::ffff:a9fe:a9fe',
    '64:ff9b::a9fe:a9fe',
    '2002:a00:1::1',
    '2001:db8::1',
  ])('refuses the non-public address %s', address => {
    expect(policy.refusal(address)).toMatch(/is not a public address/);
  });

  it.each(['93.184.216.34', '8.8.8.8', '172.32.0.1', '2606:4700::1111'])(
    'allows the public address %s',
    address => {
      expect(policy.refusal(address)).toBeUndefined();
    },
  );

  it('lets an operator allow a private range, and only that range', () => {
    const allowing = new AddressPolicy(['10.20.0.0/16', 'fd12::/16']);
    expect(allowing.refusal('10.20.3.4')).toBeUndefined();
    expect(allowing.refusal('fd12::5')).toBeUndefined();
    expect(allowing.refusal('10.21.0.1')).toBeDefined();
    expect(allowing.refusal('169.254.169.254')).toBeDefined();
  });

  it('refuses what is not an IP address', () => {
    expect(policy.refusal('example.com')).toMatch(/not an IP address/);
  });

  it.each(['10.0.0.0', '10.0.0.0/33', 'x/8', '10.0.0.0/8/1', '::/129'])(
    'rejects the malformed CIDR %s',
    cidr => {
      expect(() => parseCidr(cidr)).toThrow(/is not a CIDR range/);
    },
  );

  it('refuses a host when any one of its addresses is refused', () => {
    expect(
      policy.refusalOfAny([{ address: '8.8.8.8' }, { address: '10.0.0.1' }]),
    ).toMatch(/10\.0\.0\.1 is not a public address/);
    expect(policy.refusalOfAny([{ address: '8.8.8.8' }])).toBeUndefined();
  });
});
