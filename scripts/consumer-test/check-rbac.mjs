// The consumer test's checks with the community RBAC plugin deciding (rbac/policy.csv,
// rbac/conditions.yaml) instead of the integrations-rights module.
// Usage: node check-rbac.mjs <backend base URL>. Exits non-zero on the first failure.
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
  waitForEntity,
} from './http.mjs';

const CANARY = `consumer-canary-rbac-${randomUUID()}`;
const noSecret = (res, what) => expectNoSecret(res, what, [CANARY]);
const log = what => console.log(`[consumer] rbac: ${what}`);

const names = res => (res.json?.items ?? []).map(i => i.name).sort();

function expectNames(res, expected, what) {
  expectStatus(res, 200, what);
  if (JSON.stringify(names(res)) !== JSON.stringify([...expected].sort())) {
    throw new Error(`${what}: listed ${JSON.stringify(names(res))}`);
  }
}

async function rbacMetadata(admin) {
  const policies = await call(
    'GET',
    `${base}/api/permission/plugins/policies`,
    {
      token: admin,
    },
  );
  expectStatus(policies, 200, 'RBAC plugin policies');
  const ours = policies.json.find(p => p.pluginId === 'integrations');
  const listed = (ours?.policies ?? []).map(
    p => `${p.name}:${p.policy}${p.resourceType ? `@${p.resourceType}` : ''}`,
  );
  const expected = [
    'integrations.integration.create:create',
    'integrations.integration.read:read@integration',
    'integrations.integration.update:update@integration',
    'integrations.integration.delete:delete@integration',
    'integrations.proxy.use:use@integration',
    'integrations.credential.reveal:read@integration-credential',
    'integrations.credential.use:use@integration-credential',
    'integrations.project.assign:update@integration-project',
  ];
  if (JSON.stringify([...listed].sort()) !== JSON.stringify(expected.sort())) {
    throw new Error(`RBAC lists ${JSON.stringify(listed)}`);
  }
  log(`RBAC lists our ${expected.length} permissions: ${listed.join(', ')}`);

  const rules = await call(
    'GET',
    `${base}/api/permission/plugins/condition-rules`,
    { token: admin },
  );
  expectStatus(rules, 200, 'RBAC condition rules');
  const types = (
    rules.json.find(r => r.pluginId === 'integrations')?.rules ?? []
  )
    .map(r => `${r.resourceType}.${r.name}`)
    .sort();
  for (const want of [
    'integration-credential.IS_OWNER',
    'integration-project.IS_OWNER',
    'integration.IS_OWNER',
  ]) {
    if (!types.includes(want)) {
      throw new Error(`RBAC condition rules lack ${want}: ${types}`);
    }
  }
  log(`RBAC lists our rules: ${types.join(', ')}`);
}

async function main() {
  const admin = await signIn('user:default/admin');
  await waitForEntity(admin, 'component:default/checkout');
  await waitForEntity(admin, 'user:default/nora');
  await rbacMetadata(admin);

  const eddie = await signIn('user:default/eddie');
  const rita = await signIn('user:default/rita');
  const cora = await signIn('user:default/cora');
  const nora = await signIn('user:default/nora');
  const pat = await signIn('user:default/pat');

  // Editor: named grants for read, create, update, assign and reveal.
  const payments = await call('POST', `${api}/integrations`, {
    token: eddie,
    body: {
      name: 'Adyen',
      type: 'payments',
      owner: 'group:default/team-payments',
      urls: [{ url: 'https://api.adyen.example' }],
      projects: [],
      credentials: [{ key: 'API_KEY', value: CANARY }],
    },
  });
  expectStatus(payments, 201, 'editor create without a project');
  noSecret(payments, 'editor create');
  const voice = await call('POST', `${api}/integrations`, {
    token: eddie,
    body: {
      name: 'Vonage',
      type: 'telephony',
      owner: 'group:default/team-voice',
      urls: [{ url: 'https://api.vonage.example' }],
      projects: ['component:default/checkout'],
      credentials: [{ key: 'API_SECRET', value: CANARY }],
    },
  });
  expectStatus(voice, 201, 'editor create with a project');
  expectNames(
    await call('GET', `${api}/integrations`, { token: eddie }),
    ['Adyen', 'Vonage'],
    'editor list',
  );
  const eddieReveal = await reveal(eddie, voice.json.id, 'API_SECRET');
  expectStatus(eddieReveal, 200, 'editor reveal');
  if (eddieReveal.json?.value !== CANARY) {
    throw new Error('editor reveal did not return the stored value');
  }
  log(
    'editor (named grants): create without and with a project -> 201, list -> 200, reveal -> 200 ok',
  );

  // No grant at all: nothing.
  const noraList = await call('GET', `${api}/integrations`, { token: nora });
  expectStatus(noraList, [200, 403], 'no grant list');
  if (noraList.status === 200 && names(noraList).length > 0) {
    throw new Error(`no grant lists ${JSON.stringify(names(noraList))}`);
  }
  const noraCreate = await call('POST', `${api}/integrations`, {
    token: nora,
    body: {
      name: 'X',
      type: 'payments',
      urls: [],
      projects: [],
      credentials: [],
    },
  });
  expectStatus(noraCreate, 403, 'no grant create');
  const noraReveal = await reveal(nora, voice.json.id, 'API_SECRET');
  expectStatus(noraReveal, [403, 404], 'no grant reveal');
  noSecret(noraReveal, 'no grant reveal');
  log(
    `no grant: list -> ${noraList.status} (empty), create -> 403, reveal -> ${noraReveal.status} ok`,
  );

  // Viewer: the resource-type grant `integration, read` sees integrations, never a secret.
  expectNames(
    await call('GET', `${api}/integrations`, { token: rita }),
    ['Adyen', 'Vonage'],
    'viewer list',
  );
  const ritaGet = await call('GET', `${api}/integrations/${voice.json.id}`, {
    token: rita,
  });
  expectStatus(ritaGet, 200, 'viewer get');
  noSecret(ritaGet, 'viewer get');
  const ritaReveal = await reveal(rita, voice.json.id, 'API_SECRET');
  expectStatus(ritaReveal, 403, 'viewer reveal');
  noSecret(ritaReveal, 'viewer reveal');
  const ritaResolve = await resolve(rita, 'component:default/checkout');
  expectStatus(ritaResolve, 403, 'viewer resolve');
  noSecret(ritaResolve, 'viewer resolve');
  log(
    `\`integration, read\` (resource-type grant): list -> 200, get -> 200, reveal -> ${ritaReveal.status} refused, resolve -> ${ritaResolve.status} refused ok`,
  );
  if (!ritaReveal.text.includes('integrations.credential.reveal')) {
    throw new Error(`viewer reveal refusal: ${ritaReveal.text}`);
  }
  log(
    'the refusal names the missing permission integrations.credential.reveal ok',
  );

  // Credential user: resolves the project's credentials, reveals nothing.
  const coraResolve = await resolve(cora, 'component:default/checkout');
  expectStatus(coraResolve, 200, 'credential user resolve');
  if (!coraResolve.text.includes(CANARY)) {
    throw new Error('credential user resolve did not return the value');
  }
  const coraReveal = await reveal(cora, voice.json.id, 'API_SECRET');
  expectStatus(coraReveal, [403, 404], 'credential user reveal');
  log(
    `credential user (integrations.credential.use): resolve -> 200 with the value, reveal -> ${coraReveal.status} ok`,
  );

  // Owner: a conditional policy (IS_OWNER, claims ["$ownerRefs"]) on integration
  // read/update and integration-credential read.
  expectNames(
    await call('GET', `${api}/integrations`, { token: pat }),
    ['Adyen'],
    'owner list',
  );
  const own = await call('GET', `${api}/integrations/${payments.json.id}`, {
    token: pat,
  });
  expectStatus(own, 200, 'owner get own');
  const other = await call('GET', `${api}/integrations/${voice.json.id}`, {
    token: pat,
  });
  expectStatus(other, [403, 404], "owner get another team's");
  const update = body =>
    call('PUT', `${api}/integrations/${body.id}`, {
      token: pat,
      body: {
        version: body.version,
        name: `${body.name} (renamed)`,
        type: body.type,
        owner: body.owner,
        urls: body.urls.map(({ url, label }) => ({
          url,
          ...(label ? { label } : {}),
        })),
        projects: (body.projects ?? []).map(p => p.entityRef ?? p),
        credentials: body.credentials.map(c => ({ key: c.key })),
      },
    });
  expectStatus(await update(own.json), 200, 'owner update own');
  // RBAC 6.1.0 (the newest this registry installs) maps a condition's action to the plugin's
  // first resource permission with that action, whatever its resource type: the
  // integration-credential [read] condition lands on integrations.integration.read, so
  // reveal finds no condition and is refused. RBAC 8 maps by resource type (named or broad
  // permissionMapping); there this is 200.
  const ownReveal = await reveal(pat, payments.json.id, 'API_KEY');
  expectStatus(ownReveal, 403, 'owner reveal own (RBAC 6.1.0)');
  noSecret(ownReveal, 'owner reveal own (RBAC 6.1.0)');
  const otherReveal = await reveal(pat, voice.json.id, 'API_SECRET');
  expectStatus(otherReveal, [403, 404], "owner reveal another team's");
  noSecret(otherReveal, "owner reveal another team's");
  const voiceForUpdate = await call(
    'GET',
    `${api}/integrations/${voice.json.id}`,
    {
      token: eddie,
    },
  );
  const otherUpdate = await update(voiceForUpdate.json);
  expectStatus(otherUpdate, [403, 404], "owner update another team's");
  log(
    `owner (conditional IS_OWNER with $ownerRefs): list shows only their group's, get/update own -> 200, another team's get -> ${other.status}, update -> ${otherUpdate.status}, reveal -> ${otherReveal.status}; reveal own -> 403 (RBAC 6.1.0 maps the credential condition to integration.read) ok`,
  );
}

main().catch(err => {
  console.error(`[consumer] rbac FAILED: ${err.message}`);
  process.exit(1);
});
