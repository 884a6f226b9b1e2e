import { lookup as dnsLookup } from 'node:dns/promises';
import { LookupFunction as NetLookupFunction } from 'node:net';

/** Resolves a host name to every address it has; injectable for tests. */
export type LookupFunction = (
  hostname: string,
) => Promise<Array<{ address: string; family: number }>>;

export const systemLookup: LookupFunction = hostname =>
  dnsLookup(hostname, { all: true, verbatim: true });

/**
 * A socket lookup that answers with the one address already checked, so the
 * connection never makes a second DNS query a rebinding name could answer
 * differently.
 */
export function pinnedLookup(target: {
  address: string;
  family: number;
}): NetLookupFunction {
  return (_hostname, options, callback) => {
    if ((options as { all?: boolean }).all) {
      (callback as any)(null, [
        { address: target.address, family: target.family },
      ]);
    } else {
      callback(null, target.address, target.family);
    }
  };
}
