// The consumer test's HTTP checks against the scratch app's running backend.
// Usage: node check.mjs <backend base URL>. Prints "[consumer] ... ok" per check,
// exits non-zero on the first failure. Uses only Node's fetch.
import { randomUUID } from 'node:crypto';

const base = process.argv[2] ?? 'http://localhost:7107';
const api = `${base}/api/integrations`;
// Unique per run, so a hit can only come from this run's requests.
const CANARY = `consumer-canary-${randomUUID()}`;
const OWN_CANARY = `consumer-canary-own-${randomUUID()}`;

const ok = what => console.log(`[consumer] ${what} ok`);
const sleep = ms => new Promise(r => setTimeout(r, ms));

async function call(method, url, { token, body, headers } = {}) {
  const res = await fetch(url, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, text, json };
}

function expectStatus(res, allowed, what) {
  const list = [allowed].flat();
  if (!list.includes(res.status)) {
    throw new Error(
      `${what}: expected ${list.join(' or ')}, got ${
        res.status
      }: ${res.text.slice(0, 500)}`,
    );
  }
}

function expectNoSecret(res, what) {
  if (res.text.includes(CANARY) || res.text.includes(OWN_CANARY)) {
    throw new Error(`${what}: a credential value appears in the response`);
  }
}

async function token(provider, headers = {}) {
  const res = await call('GET', `${base}/api/auth/${provider}/refresh`, {
    headers,
  });
  return { res, token: res.json?.backstageIdentity?.token };
}

/** Signs in a catalog user; retries while the catalog has not ingested them yet. */
async function signIn(userEntityRef) {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const { res, token: t } = await token('consumer-test', {
      'x-consumer-test-user': userEntityRef,
    });
    if (t) return t;
    if (Date.now() > deadline) {
      throw new Error(`sign-in as ${userEntityRef}: ${res.status} ${res.text}`);
    }
    await sleep(1000);
  }
}

async function waitForEntity(t, ref) {
  const [kind, rest] = ref.split(':');
  const [namespace, name] = rest.split('/');
  const url = `${base}/api/catalog/entities/by-name/${kind}/${namespace}/${name}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    const res = await call('GET', url, { token: t });
    if (res.status === 200) return;
    if (Date.now() > deadline) throw new Error(`catalog never had ${ref}`);
    await sleep(1000);
  }
}

const reveal = (t, id, key) =>
  call('POST', `${api}/integrations/${id}/credentials/${key}/reveal`, {
    token: t,
  });
const resolve = (t, project) =>
  call('GET', `${api}/resolve?project=${encodeURIComponent(project)}`, {
    token: t,
  });

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
  expectNoSecret(created, 'create response');
  const twilioId = created.json.id;
  ok(
    `manageAll creates an integration with a canary credential -> 201 (${twilioId})`,
  );

  const adminGet = await call('GET', `${api}/integrations/${twilioId}`, {
    token: admin,
  });
  expectStatus(adminGet, 200, 'manageAll get');
  expectNoSecret(adminGet, 'get response');
  const adminList = await call('GET', `${api}/integrations`, { token: admin });
  expectStatus(adminList, 200, 'manageAll list');
  expectNoSecret(adminList, 'list response');
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
  expectNoSecret(viaNode, 'the adopter plugin response');
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
  expectNoSecret(guestReveal, 'guest reveal');
  ok(`guest without rights: reveal -> ${guestReveal.status}`);
  const guestResolve = await resolve(
    guest.token,
    'component:default/call-router',
  );
  expectStatus(guestResolve, 403, 'guest resolve');
  expectNoSecret(guestResolve, 'guest resolve');
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
  expectNoSecret(own, 'manageOwn create response');
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
  expectNoSecret(patGetOther, "manageOwn get another's");
  const patRevealOther = await reveal(pat, twilioId, 'AUTH_TOKEN');
  expectStatus(patRevealOther, [403, 404], "manageOwn reveal another's");
  expectNoSecret(patRevealOther, "manageOwn reveal another's");
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
