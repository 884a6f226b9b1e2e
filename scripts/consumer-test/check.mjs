// The consumer test's HTTP checks against the scratch app's running backend.
// Usage: node check.mjs <backend base URL>. Prints "[consumer] ... ok" per check,
// exits non-zero on the first failure. Uses only Node's fetch.
import { randomUUID } from 'node:crypto';
import {
  api,
  base,
  call,
  expectNoSecret,
  expectStatus,
  ok,
  resolve,
  reveal,
  signIn,
  token,
  waitForEntity,
} from './http.mjs';

// Unique per run, so a hit can only come from this run's requests.
const CANARY = `consumer-canary-${randomUUID()}`;
const OWN_CANARY = `consumer-canary-own-${randomUUID()}`;

const noSecret = (res, what) => expectNoSecret(res, what, [CANARY, OWN_CANARY]);

async function main() {
  // 1. Authentication is required; a guest token is accepted.
  const anonymous = await call('GET', `${api}/integrations`);
  expectStatus(anonymous, 401, 'list without a token');
  ok('GET /integrations without a token -> 401');

  const guest = await token('guest');
  expectStatus(guest.res, 200, 'guest sign-in');
  const guestRef = guest.res.json.backstageIdentity.identity.userEntityRef;
  if (guestRef !== 'user:default/guest') {
    throw new Error(`guest sign-in gave ${guestRef}`);
  }
  const guestList = await call('GET', `${api}/integrations`, {
    token: guest.token,
  });
  expectStatus(guestList, 200, 'list with a guest token');
  ok('GET /integrations with a guest token (user:default/guest) -> 200');

  // The other users sign in through the catalog, so their groups carry the rights.
  const admin = await signIn('user:default/admin');
  const pat = await signIn('user:default/pat');
  await waitForEntity(admin, 'component:default/checkout');
  await waitForEntity(admin, 'component:default/call-router');
  ok('catalog ingested; admin (manageAll) and pat (manageOwn) signed in');

  // 2. manageAll creates an integration with a canary credential and reveals it.
  const created = await call('POST', `${api}/integrations`, {
    token: admin,
    body: {
      name: 'Twilio',
      type: 'telephony',
      description: 'Voice provider',
      urls: [{ url: 'https://api.twilio.example/2010-04-01', label: 'API' }],
      projects: ['component:default/call-router'],
      credentials: [{ key: 'AUTH_TOKEN', value: CANARY }],
    },
  });
  expectStatus(created, 201, 'manageAll create');
  noSecret(created, 'create response');
  const twilioId = created.json.id;
  ok(
    `manageAll creates an integration with a canary credential -> 201 (${twilioId})`,
  );

  const adminGet = await call('GET', `${api}/integrations/${twilioId}`, {
    token: admin,
  });
  expectStatus(adminGet, 200, 'manageAll get');
  noSecret(adminGet, 'get response');
  const adminList = await call('GET', `${api}/integrations`, { token: admin });
  expectStatus(adminList, 200, 'manageAll list');
  noSecret(adminList, 'list response');
  ok('get and list show the credential key without its value');

  const adminReveal = await reveal(admin, twilioId, 'AUTH_TOKEN');
  expectStatus(adminReveal, 200, 'manageAll reveal');
  if (adminReveal.json?.value !== CANARY) {
    throw new Error('manageAll reveal did not return the stored value');
  }
  ok('manageAll reveal returns the canary value');

  const adminResolve = await resolve(admin, 'component:default/call-router');
  expectStatus(adminResolve, 200, 'manageAll resolve');
  if (!adminResolve.text.includes(CANARY)) {
    throw new Error('manageAll resolve did not return the stored value');
  }
  ok('manageAll resolve for the assigned project returns the canary value');

  // The -node client, used by the scratch app's own plugin as a service principal.
  const viaNode = await call(
    'GET',
    `${base}/api/consumer-resolver/keys?project=component:default/call-router`,
    { token: admin },
  );
  expectStatus(viaNode, 200, 'resolve through the -node client');
  noSecret(viaNode, 'the adopter plugin response');
  const resolved = viaNode.json?.integrations ?? [];
  if (
    resolved.length !== 1 ||
    resolved[0].name !== 'Twilio' ||
    !resolved[0].credentialKeys.includes('AUTH_TOKEN')
  ) {
    throw new Error(`-node resolve gave ${viaNode.text}`);
  }
  ok(
    "an adopter plugin resolves the project's credentials through the -node client",
  );

  // 3. A signed-in user without rights gets nothing.
  // 404 when the record is unreadable to them (a status never tells which ids exist).
  const guestReveal = await reveal(guest.token, twilioId, 'AUTH_TOKEN');
  expectStatus(guestReveal, [403, 404], 'guest reveal');
  noSecret(guestReveal, 'guest reveal');
  ok(`guest without rights: reveal -> ${guestReveal.status}`);
  const guestResolve = await resolve(
    guest.token,
    'component:default/call-router',
  );
  expectStatus(guestResolve, 403, 'guest resolve');
  noSecret(guestResolve, 'guest resolve');
  ok('guest without rights: resolve -> 403');

  // 4. manageOwn: their own integration only.
  const own = await call('POST', `${api}/integrations`, {
    token: pat,
    body: {
      name: 'Stripe',
      type: 'payments',
      owner: 'group:default/team-payments',
      urls: [{ url: 'https://api.stripe.example' }],
      projects: ['component:default/checkout'],
      credentials: [{ key: 'SECRET_KEY', value: OWN_CANARY }],
    },
  });
  expectStatus(own, 201, 'manageOwn create');
  noSecret(own, 'manageOwn create response');
  const stripeId = own.json.id;
  ok('manageOwn creates an integration owned by their group -> 201');

  const patGet = await call('GET', `${api}/integrations/${stripeId}`, {
    token: pat,
  });
  expectStatus(patGet, 200, 'manageOwn get own');
  const patReveal = await reveal(pat, stripeId, 'SECRET_KEY');
  expectStatus(patReveal, 200, 'manageOwn reveal own');
  if (patReveal.json?.value !== OWN_CANARY) {
    throw new Error('manageOwn reveal did not return their stored value');
  }
  ok('manageOwn reads and reveals their own integration');

  const patGetOther = await call('GET', `${api}/integrations/${twilioId}`, {
    token: pat,
  });
  expectStatus(patGetOther, [403, 404], "manageOwn get another's");
  noSecret(patGetOther, "manageOwn get another's");
  const patRevealOther = await reveal(pat, twilioId, 'AUTH_TOKEN');
  expectStatus(patRevealOther, [403, 404], "manageOwn reveal another's");
  noSecret(patRevealOther, "manageOwn reveal another's");
  ok(
    `manageOwn on another's integration: get -> ${patGetOther.status}, reveal -> ${patRevealOther.status}`,
  );

  const patList = await call('GET', `${api}/integrations`, { token: pat });
  expectStatus(patList, 200, 'manageOwn list');
  const names = (patList.json?.items ?? []).map(i => i.name).sort();
  if (JSON.stringify(names) !== JSON.stringify(['Stripe'])) {
    throw new Error(`manageOwn list shows ${JSON.stringify(names)}`);
  }
  ok('manageOwn list shows only their own integration');

  const foreignProject = await call('POST', `${api}/integrations`, {
    token: pat,
    body: {
      name: 'Sneaky',
      type: 'payments',
      owner: 'group:default/team-payments',
      urls: [],
      projects: ['component:default/call-router'],
      credentials: [],
    },
  });
  expectStatus(
    foreignProject,
    403,
    'manageOwn assigning an entity they do not own',
  );
  ok("manageOwn may not assign another team's catalog entity -> 403");
}

main().catch(err => {
  console.error(`[consumer] FAILED: ${err.message}`);
  process.exit(1);
});
