// HTTP helpers of the consumer test's checks (check.mjs, check-rbac.mjs).
// Uses only Node's fetch.

// Usage of the scripts that import this: node <script> <backend base URL>
export const base = process.argv[2] ?? 'http://localhost:7107';
export const api = `${base}/api/integrations`;

export const ok = what => console.log(`[consumer] ${what} ok`);
export const sleep = ms => new Promise(r => setTimeout(r, ms));

export async function call(method, url, { token, body, headers } = {}) {
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

export function expectStatus(res, allowed, what) {
  const list = [allowed].flat();
  if (!list.includes(res.status)) {
    throw new Error(
      `${what}: expected ${list.join(' or ')}, got ${
        res.status
      }: ${res.text.slice(0, 500)}`,
    );
  }
}

/** Fails when any of the run's canary values appears in a response. */
export function expectNoSecret(res, what, canaries) {
  if (canaries.some(c => res.text.includes(c))) {
    throw new Error(`${what}: a credential value appears in the response`);
  }
}

export async function token(provider, headers = {}) {
  const res = await call('GET', `${base}/api/auth/${provider}/refresh`, {
    headers,
  });
  return { res, token: res.json?.backstageIdentity?.token };
}

/** Signs in a catalog user; retries while the catalog has not ingested them yet. */
export async function signIn(userEntityRef) {
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

export async function waitForEntity(t, ref) {
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

export const reveal = (t, id, key) =>
  call('POST', `${api}/integrations/${id}/credentials/${key}/reveal`, {
    token: t,
  });
export const resolve = (t, project) =>
  call('GET', `${api}/resolve?project=${encodeURIComponent(project)}`, {
    token: t,
  });
