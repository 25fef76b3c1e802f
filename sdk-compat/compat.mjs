// Drives the official Dodo Payments TypeScript SDK, unchanged, against a running Grantor service.
//
//   GRANTOR_BASE_URL=http://127.0.0.1:8080 GRANTOR_API_KEY=gr_live_... node sdk-compat/compat.mjs
//
// Every step goes through the SDK's public API and is asserted with node:assert; only issuing a grant, which
// is a Grantor extension the SDK has no method for, is a plain fetch. The script expects a fresh business (the
// test that runs it creates one), prints one line per check, one `deviation:` line for each place where the
// SDK's documented expectations and Grantor's answers differ without breaking the flow, and finally
// `sdk-compat: N checks passed`. Any failed check prints the reason and exits 1.
import assert from 'node:assert/strict';
import DodoPayments, {
  AuthenticationError,
  BadRequestError,
  ConflictError,
  NotFoundError,
  RateLimitError,
  UnprocessableEntityError,
} from 'dodopayments';

const baseURL = requiredEnv('GRANTOR_BASE_URL');
const bearerToken = requiredEnv('GRANTOR_API_KEY');

let passed = 0;
const deviations = [];

function requiredEnv(name) {
  const value = process.env[name];
  if (!value) {
    console.error(`sdk-compat: ${name} is not set`);
    process.exit(2);
  }
  return value;
}

async function check(name, body) {
  try {
    const result = await body();
    passed += 1;
    console.log(`ok ${passed} - ${name}`);
    return result;
  } catch (error) {
    console.error(`not ok - ${name}`);
    console.error(error?.stack ?? error);
    console.error(`sdk-compat: failed after ${passed} checks passed`);
    process.exit(1);
  }
}

/** Records a difference that the SDK's types or docs promise but Grantor answers otherwise; not a failure. */
function deviation(text) {
  deviations.push(text);
  console.log(`deviation: ${text}`);
}

/** The SDK's own `fetch` option, wrapped to see what actually goes over the wire and when. */
function countingFetch() {
  const sent = [];
  const exchanges = [];
  const fetch = async (url, init) => {
    sent.push(`${init?.method ?? 'GET'} ${new URL(url).pathname}`);
    const exchange = { sentAt: Date.now(), status: null, answeredAt: null };
    exchanges.push(exchange);
    const response = await globalThis.fetch(url, init);
    exchange.status = response.status;
    exchange.answeredAt = Date.now();
    return response;
  };
  return { sent, exchanges, fetch };
}

/** Awaits a promise that must reject with the given SDK error class; answers the error. */
async function rejectsWith(promise, ErrorClass, status) {
  let error;
  try {
    await promise;
  } catch (e) {
    error = e;
  }
  assert.ok(error, `expected ${ErrorClass.name}, but the call succeeded`);
  assert.ok(error instanceof ErrorClass, `expected ${ErrorClass.name}, got ${error?.constructor?.name}: ${error?.message}`);
  assert.equal(error.status, status);
  return error;
}

function assertTimestamp(value, field) {
  assert.equal(typeof value, 'string', `${field} is a string`);
  assert.match(value, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/, `${field} is ISO-8601 UTC`);
}

/** Every field of the SDK's `EntitlementGrant` type, present (null where not applicable). */
function assertGrantShape(grant) {
  for (const field of ['id', 'brand_id', 'business_id', 'customer_id', 'entitlement_id']) {
    assert.equal(typeof grant[field], 'string', `grant.${field} is a string`);
  }
  assert.match(grant.id, /^entg_/);
  assert.equal(grant.integration_type, 'license_key');
  assert.ok(['Pending', 'Delivered', 'Failed', 'Revoked'].includes(grant.status), `grant.status ${grant.status}`);
  assert.equal(typeof grant.metadata, 'object');
  assert.notEqual(grant.metadata, null);
  assertTimestamp(grant.created_at, 'grant.created_at');
  assertTimestamp(grant.updated_at, 'grant.updated_at');
  for (const field of ['delivered_at', 'digital_product_delivery', 'error_code', 'error_message', 'feature', 'license_key',
    'oauth_expires_at', 'oauth_url', 'payment_id', 'revocation_reason', 'revoked_at', 'subscription_id']) {
    assert.ok(field in grant, `grant.${field} is present`);
  }
}

async function collect(iterable) {
  const items = [];
  for await (const item of iterable) items.push(item);
  return items;
}

const client = new DodoPayments({ bearerToken, baseURL, maxRetries: 0, timeout: 10_000 });
const run = Date.now().toString(36);
const keyA = `SDK-${run}-AAAA-0001`;
const keyB = `SDK-${run}-BBBB-0002`;
const email = `sdk-${run}@example.com`;

const entitlement = await check('entitlements.create makes a manual license-key entitlement', async () => {
  const created = await client.entitlements.create({
    name: 'SDK Pro',
    integration_type: 'license_key',
    integration_config: { fulfillment_mode: 'manual', activations_limit: 2 },
    description: 'made by the official SDK',
    metadata: { tier: 'pro' },
  });
  assert.match(created.id, /^ent_/);
  assert.equal(typeof created.business_id, 'string');
  assert.equal(created.name, 'SDK Pro');
  assert.equal(created.description, 'made by the official SDK');
  assert.equal(created.integration_type, 'license_key');
  assert.equal(created.integration_config.fulfillment_mode, 'manual');
  assert.equal(created.integration_config.activations_limit, 2);
  assert.deepEqual(created.metadata, { tier: 'pro' });
  assert.equal(created.is_active, true);
  assertTimestamp(created.created_at, 'created_at');
  assertTimestamp(created.updated_at, 'updated_at');
  return created;
});

await check('entitlements.retrieve answers the same entitlement', async () => {
  const read = await client.entitlements.retrieve(entitlement.id);
  assert.deepEqual(read, entitlement);
});

await check('entitlements.update renames and keeps the rest', async () => {
  const updated = await client.entitlements.update(entitlement.id, { name: 'SDK Pro 2' });
  assert.equal(updated.id, entitlement.id);
  assert.equal(updated.name, 'SDK Pro 2');
  assert.equal(updated.integration_type, 'license_key');
  assert.deepEqual(updated.integration_config, entitlement.integration_config);
  assert.deepEqual(updated.metadata, entitlement.metadata);
  assert.equal(updated.created_at, entitlement.created_at);
  assert.equal((await client.entitlements.retrieve(entitlement.id)).name, 'SDK Pro 2');
});

await check('entitlements.list auto-paginates over every page, newest first', async () => {
  const others = [];
  for (let i = 0; i < 4; i += 1) {
    others.push(await client.entitlements.create({
      name: `SDK filler ${i}`,
      integration_type: 'license_key',
      integration_config: { fulfillment_mode: 'auto' },
    }));
  }
  const expected = [...others].reverse().map((e) => e.id).concat(entitlement.id);
  const { sent, fetch } = countingFetch();
  const counted = new DodoPayments({ bearerToken, baseURL, maxRetries: 0, fetch });
  // Grantor pages are zero-based like Dodo's (`page_number` default 0), so the walk starts at 0 explicitly.
  const ids = (await collect(counted.entitlements.list({ page_size: 2, page_number: 0 }))).map((e) => e.id);
  assert.deepEqual(ids.slice(0, expected.length), expected, 'the newest five, newest first');
  assert.equal(new Set(ids).size, ids.length, 'no entitlement twice');
  assert.equal(sent.length, Math.ceil(ids.length / 2) + 1, `every page once, then one empty page: ${sent.join(', ')}`);

  const first = await client.entitlements.list({ page_size: 2, page_number: 0 });
  assert.equal(first.getPaginatedItems().length, 2);
  assert.equal(first.hasNextPage(), true);

  // Without page_number the SDK asks page 0 first, then page 2 (it takes an absent page_number as 1).
  const fromDefault = (await collect(client.entitlements.list({ page_size: 2 }))).map((e) => e.id);
  if (fromDefault.length !== ids.length) {
    deviation(`entitlements.list({page_size: 2}) without page_number auto-paginates ${fromDefault.length} of ${ids.length} `
      + 'items: the SDK (DefaultPageNumberPagination) follows page 0 with page_number=2 because it reads an absent '
      + 'page_number as 1, while Grantor (like the Dodo API) numbers pages from 0; page 1 is skipped. '
      + 'Workaround: pass page_number: 0.');
  }
  const filtered = (await collect(client.entitlements.list({ integration_type: 'license_key', page_size: 100, page_number: 0 })))
    .map((e) => e.id);
  assert.deepEqual(filtered.slice(0, expected.length), expected);
  const discord = await collect(client.entitlements.list({ integration_type: 'discord', page_size: 100, page_number: 0 }));
  assert.ok(discord.every((e) => e.integration_type === 'discord'));
});

await check('an invalid entitlement is an UnprocessableEntityError (422 VALIDATION_FAILED), not retried', async () => {
  const { sent, fetch } = countingFetch();
  const retrying = new DodoPayments({ bearerToken, baseURL, maxRetries: 2, fetch });
  const error = await rejectsWith(retrying.entitlements.create({
    name: 'SDK invalid',
    integration_type: 'license_key',
    integration_config: { fulfillment_mode: 'manual', activations_limit: 0 },
  }), UnprocessableEntityError, 422);
  assert.equal(error.error.code, 'VALIDATION_FAILED');
  assert.equal(error.headers.get('x-should-retry'), 'false');
  assert.equal(sent.length, 1);
});

{
  // The SDK reads a digital_files entitlement's integration_config as IntegrationConfigResponse.DigitalFilesConfig.
  const files = await client.entitlements.create({
    name: 'SDK files',
    integration_type: 'digital_files',
    integration_config: { digital_file_ids: ['file_sdk_compat'], instructions: 'unzip' },
  });
  if (!files.integration_config?.digital_files || !Array.isArray(files.integration_config.digital_files.files)) {
    deviation('a digital_files entitlement answers integration_config '
      + `${JSON.stringify(files.integration_config)}, while the SDK's IntegrationConfigResponse.DigitalFilesConfig `
      + 'expects {digital_files: {files: [{file_id, filename, download_url, expires_in, content_type?, file_size?}], '
      + 'external_url?, instructions?}} on reads (the request shape {digital_file_ids, ...} is only the input)');
  }
  await client.entitlements.delete(files.id);
}

const issued = await check('issuing a grant (Grantor extension, plain fetch) answers 201 with a pending grant', async () => {
  const response = await fetch(new URL(`entitlements/${entitlement.id}/grants`, withSlash(baseURL)), {
    method: 'POST',
    headers: { authorization: `Bearer ${bearerToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ customer: { email, name: 'Ada Lovelace' }, payment_id: `pay_${run}` }),
  });
  assert.equal(response.status, 201);
  const grant = await response.json();
  assertGrantShape(grant);
  assert.equal(grant.status, 'Pending');
  assert.equal(grant.license_key, null);
  return grant;
});

function withSlash(url) {
  return url.endsWith('/') ? url : `${url}/`;
}

await check('entitlements.grants.list finds the pending grant, filtered by status and customer', async () => {
  const grants = await collect(client.entitlements.grants.list(entitlement.id, { page_number: 0 }));
  assert.equal(grants.length, 1);
  assertGrantShape(grants[0]);
  assert.deepEqual(grants[0], issued);
  const pending = await collect(client.entitlements.grants.list(entitlement.id,
    { status: 'Pending', customer_id: issued.customer_id, page_number: 0 }));
  assert.deepEqual(pending.map((g) => g.id), [issued.id]);
  assert.deepEqual(await collect(client.entitlements.grants.list(entitlement.id, { status: 'Delivered', page_number: 0 })), []);
});

const delivered = await check('entitlements.grants.fulfillLicenseKey delivers the key', async () => {
  const grant = await client.entitlements.grants.fulfillLicenseKey(issued.id, { key: keyA });
  assertGrantShape(grant);
  assert.equal(grant.id, issued.id);
  assert.equal(grant.status, 'Delivered');
  assertTimestamp(grant.delivered_at, 'delivered_at');
  assert.equal(grant.license_key.key, keyA);
  assert.equal(grant.license_key.status, 'active');
  assert.equal(grant.license_key.activations_used, 0);
  assert.equal(grant.license_key.activations_limit, 2);
  assert.equal(typeof grant.license_key.id, 'string');
  assert.ok('expires_at' in grant.license_key);
  return grant;
});

await check('a second fulfillment is a ConflictError (409 GRANT_NOT_PENDING), sent once despite maxRetries: 2', async () => {
  const { sent, fetch } = countingFetch();
  const retrying = new DodoPayments({ bearerToken, baseURL, maxRetries: 2, fetch });
  const started = Date.now();
  const error = await rejectsWith(retrying.entitlements.grants.fulfillLicenseKey(issued.id, { key: keyB }), ConflictError, 409);
  // The SDK retries a 409 by default (it reads it as a lock timeout); only `x-should-retry: false` stops it.
  assert.equal(error.headers.get('x-should-retry'), 'false');
  assert.equal(error.error.code, 'GRANT_NOT_PENDING');
  assert.equal(typeof error.error.message, 'string');
  assert.ok(error.message.startsWith('409 '), error.message);
  assert.deepEqual(sent, [`POST /grants/${issued.id}/license-key`]);
  assert.ok(Date.now() - started < 2_000, 'answers promptly, with no retry back-off');
});

const activation = await check('licenses.activate makes an instance (201) with customer and product', async () => {
  const made = await client.licenses.activate({ license_key: keyA, name: "Ada's laptop" });
  assert.match(made.id, /^lki_/);
  assert.equal(made.name, "Ada's laptop");
  assert.equal(made.business_id, entitlement.business_id);
  assert.equal(made.license_key_id, delivered.license_key.id);
  assertTimestamp(made.created_at, 'created_at');
  assert.equal(made.customer.customer_id, issued.customer_id);
  assert.equal(made.customer.email, email);
  assert.equal(made.customer.name, 'Ada Lovelace');
  assert.equal(made.product.product_id, entitlement.id);
  assert.equal(made.product.name, 'SDK Pro 2');
  return made;
});

await check('licenses.validate answers {valid: true}, with and without the instance', async () => {
  assert.deepEqual(await client.licenses.validate({ license_key: keyA, license_key_instance_id: activation.id }), { valid: true });
  assert.deepEqual(await client.licenses.validate({ license_key: keyA }), { valid: true });
  assert.deepEqual(await client.licenses.validate({ license_key: keyA, license_key_instance_id: null }), { valid: true });
  assert.deepEqual(await client.licenses.validate({ license_key: `${keyA}-unknown` }), { valid: false });
});

await check('activating beyond activations_limit is an UnprocessableEntityError (422 LICENSE_KEY_LIMIT_REACHED)', async () => {
  const second = await client.licenses.activate({ license_key: keyA, name: 'Ada desktop' });
  const error = await rejectsWith(client.licenses.activate({ license_key: keyA, name: 'one too many' }),
    UnprocessableEntityError, 422);
  assert.equal(error.error.code, 'LICENSE_KEY_LIMIT_REACHED');
  await client.licenses.deactivate({ license_key: keyA, license_key_instance_id: second.id });
});

await check('licenses.deactivate resolves (empty 200) and the instance stops validating', async () => {
  const result = await client.licenses.deactivate({ license_key: keyA, license_key_instance_id: activation.id });
  if (result !== undefined) {
    deviation(`licenses.deactivate resolves to ${JSON.stringify(result)} instead of undefined (the SDK types it void)`);
  }
  assert.ok(result === undefined || result === '', `void result, got ${JSON.stringify(result)}`);
  assert.deepEqual(await client.licenses.validate({ license_key: keyA, license_key_instance_id: activation.id }), { valid: false });
  assert.deepEqual(await client.licenses.validate({ license_key: keyA }), { valid: true });
  const [grant] = await collect(client.entitlements.grants.list(entitlement.id, { page_number: 0 }));
  assert.equal(grant.license_key.activations_used, 0);
});

// The SDK sends no Idempotency-Key of its own (its idempotencyHeader is unset) yet retries a POST that timed out; the
// customer's software passes one in the per-request options, as docs/http-api.md tells it to.
await check('licenses.activate with an Idempotency-Key in the request options answers the same instance again', async () => {
  const options = { headers: { 'Idempotency-Key': `sdk-activate-${Date.now()}` } };
  const first = await client.licenses.activate({ license_key: keyA, name: 'Ada tablet' }, options);
  const retry = await client.licenses.activate({ license_key: keyA, name: 'Ada tablet' }, options);
  assert.equal(retry.id, first.id);
  const [grant] = await collect(client.entitlements.grants.list(entitlement.id, { page_number: 0 }));
  assert.equal(grant.license_key.activations_used, 1);
  await client.licenses.deactivate({ license_key: keyA, license_key_instance_id: first.id });
});

await check('customers.listEntitlementGrants lists the customer\'s grants', async () => {
  const grants = await collect(client.customers.listEntitlementGrants(issued.customer_id, { page_number: 0 }));
  assert.deepEqual(grants.map((g) => g.id), [issued.id]);
  assertGrantShape(grants[0]);
  assert.equal(grants[0].status, 'Delivered');
  assert.equal(grants[0].license_key.key, keyA);
  const delivered = await collect(client.customers.listEntitlementGrants(issued.customer_id,
    { status: 'Delivered', integration_type: 'license_key', page_number: 0 }));
  assert.equal(delivered.length, 1);
  assert.deepEqual(await collect(client.customers.listEntitlementGrants(issued.customer_id,
    { integration_type: 'discord', page_number: 0 })), []);
});

await check('customers.listEntitlements lists the customer\'s grants with each entitlement\'s name', async () => {
  const { items } = await client.customers.listEntitlements(issued.customer_id);
  assert.deepEqual(items.map((item) => item.grant_id), [issued.id]);
  const [item] = items;
  for (const field of ['grant_id', 'entitlement_id', 'entitlement_name', 'integration_type', 'status']) {
    assert.equal(typeof item[field], 'string', `item.${field} is a string`);
  }
  assert.equal(item.entitlement_id, entitlement.id);
  assert.equal(item.entitlement_name, (await client.entitlements.retrieve(entitlement.id)).name);
  assert.equal(item.integration_type, 'license_key');
  assert.equal(item.status, 'delivered');
  assertTimestamp(item.created_at, 'item.created_at');
  assertTimestamp(item.updated_at, 'item.updated_at');
  assertTimestamp(item.delivered_at, 'item.delivered_at');
  assert.equal(item.revoked_at, null);
  assert.ok('entitlement_description' in item, 'item.entitlement_description is present');
  await rejectsWith(client.customers.listEntitlements('cus_000000000000000000000'), NotFoundError, 404);
});

/** Every field of the SDK's `LicenseKey` type (the optional ones present too, null where not applicable). */
function assertLicenseKeyShape(key) {
  for (const field of ['id', 'brand_id', 'business_id', 'customer_id', 'key', 'product_id']) {
    assert.equal(typeof key[field], 'string', `licenseKey.${field} is a string`);
  }
  assert.match(key.id, /^lic_/);
  assert.ok(['auto', 'import', 'manual'].includes(key.source), `licenseKey.source ${key.source}`);
  assert.ok(['active', 'expired', 'disabled'].includes(key.status), `licenseKey.status ${key.status}`);
  assert.equal(typeof key.instances_count, 'number');
  assertTimestamp(key.created_at, 'licenseKey.created_at');
  for (const field of ['activations_limit', 'expires_at', 'payment_id', 'subscription_id']) {
    assert.ok(field in key, `licenseKey.${field} is present`);
  }
}

await check('licenseKeys.retrieve reads the delivered key in the SDK\'s LicenseKey shape', async () => {
  const key = await client.licenseKeys.retrieve(delivered.license_key.id);
  assertLicenseKeyShape(key);
  assert.equal(key.id, delivered.license_key.id);
  assert.equal(key.key, keyA);
  assert.equal(key.source, 'manual');
  assert.equal(key.status, 'active');
  assert.equal(key.product_id, entitlement.id);
  assert.equal(key.customer_id, issued.customer_id);
  assert.equal(key.business_id, entitlement.business_id);
  assert.equal(key.brand_id, issued.brand_id);
  assert.equal(key.payment_id, `pay_${run}`);
  assert.equal(key.activations_limit, 2);
  await rejectsWith(client.licenseKeys.retrieve('lic_000000000000000000000'), NotFoundError, 404);
});

await check('licenseKeys.update changes limit and expiry, and disabled revokes and restores the grant', async () => {
  const id = delivered.license_key.id;
  const widened = await client.licenseKeys.update(id, { activations_limit: 5, expires_at: '2099-01-01T00:00:00Z' });
  assertLicenseKeyShape(widened);
  assert.equal(widened.activations_limit, 5);
  assert.equal(widened.expires_at, '2099-01-01T00:00:00.000Z');
  const lifted = await client.licenseKeys.update(id, { activations_limit: null, expires_at: null });
  assert.equal(lifted.activations_limit, null);
  assert.equal(lifted.expires_at, null);
  const disabled = await client.licenseKeys.update(id, { disabled: true });
  assert.equal(disabled.status, 'disabled');
  const [revoked] = await collect(client.entitlements.grants.list(entitlement.id, { page_number: 0 }));
  assert.equal(revoked.status, 'Revoked');
  assert.equal(revoked.revocation_reason, 'license_key_disabled');
  assert.deepEqual(await client.licenses.validate({ license_key: keyA }), { valid: false });
  const enabled = await client.licenseKeys.update(id, { disabled: false });
  assert.equal(enabled.status, 'active');
  const [restored] = await collect(client.entitlements.grants.list(entitlement.id, { page_number: 0 }));
  assert.equal(restored.status, 'Delivered');
  assert.equal(restored.revocation_reason, null);
  assert.equal(restored.delivered_at, delivered.delivered_at);
  assert.deepEqual(await client.licenses.validate({ license_key: keyA }), { valid: true });
});

const importedKey = await check('licenseKeys.create imports a key (source import); a bad limit is a 422', async () => {
  const made = await client.licenseKeys.create({
    customer_id: issued.customer_id, key: keyB, product_id: entitlement.id, activations_limit: 1,
  });
  assertLicenseKeyShape(made);
  assert.equal(made.source, 'import');
  assert.equal(made.key, keyB);
  assert.equal(made.activations_limit, 1);
  assert.equal(made.payment_id, null);
  const error = await rejectsWith(client.licenseKeys.create({
    customer_id: issued.customer_id, key: `${keyB}-bad`, product_id: entitlement.id, activations_limit: 0,
  }), UnprocessableEntityError, 422);
  assert.equal(error.error.code, 'VALIDATION_FAILED');
  const taken = await rejectsWith(client.licenseKeys.create({
    customer_id: issued.customer_id, key: keyA, product_id: entitlement.id,
  }), ConflictError, 409);
  assert.equal(taken.error.code, 'LICENSE_KEY_ALREADY_EXISTS');
  return made;
});

await check('licenseKeys.list auto-paginates newest first and filters by product, source and status', async () => {
  const all = await collect(client.licenseKeys.list({ product_id: entitlement.id, page_size: 1, page_number: 0 }));
  assert.deepEqual(all.map((k) => k.id), [importedKey.id, delivered.license_key.id]);
  all.forEach(assertLicenseKeyShape);
  const imports = await collect(client.licenseKeys.list({ source: 'import', customer_id: issued.customer_id, page_number: 0 }));
  assert.deepEqual(imports.map((k) => k.id), [importedKey.id]);
  assert.deepEqual(await collect(client.licenseKeys.list({ status: 'disabled', product_id: entitlement.id, page_number: 0 })), []);
  // created_at_gte and created_at_lte are inclusive: a key's own created_at, as answered, finds it as both bounds
  const own = await collect(client.licenseKeys.list({
    created_at_gte: importedKey.created_at, created_at_lte: importedKey.created_at, page_number: 0,
  }));
  assert.deepEqual(own.map((k) => k.id), [importedKey.id], 'the key whose created_at both bounds name');
  assert.deepEqual(await collect(client.licenseKeys.list({ created_at_gte: '2999-01-01T00:00:00Z', page_number: 0 })), []);
});

await check('licenseKeyInstances.retrieve, update and list read and rename an activation', async () => {
  const made = await client.licenses.activate({ license_key: keyA, name: 'Ada tablet' });
  const read = await client.licenseKeyInstances.retrieve(made.id);
  assert.deepEqual(Object.keys(read).sort(), ['business_id', 'created_at', 'id', 'license_key_id', 'name']);
  assert.equal(read.id, made.id);
  assert.equal(read.license_key_id, delivered.license_key.id);
  assert.equal(read.business_id, entitlement.business_id);
  assert.equal(read.name, 'Ada tablet');
  assert.equal(read.created_at, made.created_at);
  const renamed = await client.licenseKeyInstances.update(made.id, { name: 'Ada iPad' });
  assert.equal(renamed.name, 'Ada iPad');
  const listed = await collect(client.licenseKeyInstances.list({ license_key_id: delivered.license_key.id, page_number: 0 }));
  assert.deepEqual(listed.map((i) => [i.id, i.name]), [[made.id, 'Ada iPad']]);
  const byGrant = await collect(client.licenseKeyInstances.list({ grant_id: issued.id, page_number: 0 }));
  assert.deepEqual(byGrant.map((i) => i.id), [made.id]);
  // The SDK types these filters `string | null` and sends a null as `license_key_id=`: no filter, not "no match".
  const unfiltered = await collect(client.licenseKeyInstances.list({ license_key_id: null, grant_id: null, page_number: 0 }));
  assert.ok(unfiltered.some((i) => i.id === made.id), `null filters list every instance: ${JSON.stringify(unfiltered)}`);
  await rejectsWith(client.licenseKeyInstances.update(made.id, { name: '' }), BadRequestError, 400);
  await client.licenses.deactivate({ license_key: keyA, license_key_instance_id: made.id });
  await rejectsWith(client.licenseKeyInstances.retrieve(made.id), NotFoundError, 404);
});

await check('licenses.activate names a customer known only by an email "" (a string, as customers.retrieve does)', async () => {
  const auto = await client.entitlements.create({
    name: 'SDK nameless', integration_type: 'license_key', integration_config: { fulfillment_mode: 'auto' },
  });
  const response = await fetch(new URL(`entitlements/${auto.id}/grants`, withSlash(baseURL)), {
    method: 'POST',
    headers: { authorization: `Bearer ${bearerToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ customer: { email: `nameless-${run}@example.com` } }),
  });
  assert.equal(response.status, 201);
  const grant = await response.json();
  const made = await client.licenses.activate({ license_key: grant.license_key.key, name: 'kiosk' });
  // CustomerLimitedDetails.name is `string`, not nullable
  assert.equal(made.customer.name, '', `customer.name of a nameless customer: ${JSON.stringify(made.customer.name)}`);
  assert.equal(made.customer.name, (await client.customers.retrieve(grant.customer_id)).name);
  await client.licenses.deactivate({ license_key: grant.license_key.key, license_key_instance_id: made.id });
  await client.entitlements.delete(auto.id);
});

await check('webhooks.create/list/retrieve/update/retrieveSecret/delete answer Dodo\'s WebhookDetails', async () => {
  const full = await client.webhooks.create({
    url: 'https://hooks.example.com/sdk-full', description: 'orders', disabled: true,
    // a filter as registered with Dodo: payment events are accepted and never sent
    filter_types: ['entitlement_grant.created', 'payment.succeeded'], headers: { 'X-Shop': 'sdk' }, idempotency_key: null,
    metadata: { team: 'ops' }, rate_limit: 5,
  });
  assert.match(full.id, /^whk_/);
  assert.equal(full.url, 'https://hooks.example.com/sdk-full');
  assert.equal(full.description, 'orders');
  assert.equal(full.disabled, true);
  assert.deepEqual(full.filter_types, ['entitlement_grant.created', 'payment.succeeded']);
  assert.deepEqual(full.metadata, { team: 'ops' });
  assert.equal(full.rate_limit, 5);
  assertTimestamp(full.created_at, 'webhook.created_at');
  assertTimestamp(full.updated_at, 'webhook.updated_at');
  // WebhookDetails.description is `string`, not nullable: an endpoint made without one must not answer null
  const minimal = await client.webhooks.create({ url: 'https://hooks.example.com/sdk-minimal' });
  assert.equal(minimal.description, '', `description of an endpoint made without one: ${JSON.stringify(minimal.description)}`);
  assert.deepEqual(minimal.metadata, {});
  const { sent, fetch } = countingFetch();
  const counted = new DodoPayments({ bearerToken, baseURL, maxRetries: 0, fetch });
  const listed = await collect(counted.webhooks.list({ limit: 1 }));
  assert.deepEqual(listed.map((w) => w.id), [full.id, minimal.id], 'oldest first, one page each');
  assert.equal(sent.length, 2, `cursor pages: ${sent.join(', ')}`);
  assert.deepEqual(await client.webhooks.retrieve(minimal.id), minimal);
  const cleared = await client.webhooks.update(full.id, { description: null, rate_limit: null, disabled: false, url: null });
  assert.equal(cleared.description, '');
  assert.equal(cleared.rate_limit, null);
  assert.equal(cleared.disabled, false);
  assert.equal(cleared.url, full.url);
  assert.match((await client.webhooks.retrieveSecret(full.id)).secret, /^whsec_/);
  // the create's idempotency_key (the SDK's body parameter) makes a repeated create answer the first endpoint
  const once = { url: 'https://hooks.example.com/sdk-once', idempotency_key: `sdk-webhook-${run}` };
  const first = await client.webhooks.create(once);
  const again = await client.webhooks.create(once);
  assert.equal(again.id, first.id, 'the same idempotency_key made one endpoint');
  const reused = await rejectsWith(client.webhooks.create({ ...once, description: 'other' }), ConflictError, 409);
  assert.equal(reused.error.code, 'IDEMPOTENCY_KEY_REUSED');
  for (const webhook of [full, minimal, first]) {
    assert.equal(await client.webhooks.delete(webhook.id), undefined);
  }
  await rejectsWith(client.webhooks.retrieve(full.id), NotFoundError, 404);
});

await check('customers.list finds the buyer by email in any case, and pages one customer at a time', async () => {
  const found = await collect(client.customers.list({ email: email.toUpperCase(), page_number: 0 }));
  assert.deepEqual(found.map((c) => c.customer_id), [issued.customer_id]);
  assert.equal(found[0].email, email);
  assert.equal(found[0].name, 'Ada Lovelace');
  assert.equal(found[0].business_id, issued.business_id);
  assertTimestamp(found[0].created_at, 'customer.created_at');
  const everyone = await collect(client.customers.list({ page_size: 1, page_number: 0 }));
  assert.ok(everyone.some((c) => c.customer_id === issued.customer_id), 'the buyer is among every customer, one per page');
  assert.deepEqual(await collect(client.customers.list({ email: `nobody-${run}@example.com`, page_number: 0 })), []);
  // the SDK's other filters: name (a part, any case) and the inclusive creation range
  const byName = await collect(client.customers.list({ name: 'LOVELACE', page_number: 0 }));
  assert.deepEqual(byName.map((c) => c.customer_id), [issued.customer_id], 'name filters');
  assert.deepEqual(await collect(client.customers.list({ name: `nobody-${run}`, page_number: 0 })), []);
  const created = await collect(client.customers.list({
    created_at_gte: found[0].created_at, created_at_lte: found[0].created_at, page_number: 0,
  }));
  assert.deepEqual(created.map((c) => c.customer_id), [issued.customer_id], 'created_at bounds filter');
  assert.deepEqual(await collect(client.customers.list({ created_at_gte: '2999-01-01T00:00:00Z', page_number: 0 })), []);
});

await check('customers.retrieve answers Dodo\'s Customer; an unknown id is a NotFoundError (404)', async () => {
  const customer = await client.customers.retrieve(issued.customer_id);
  assert.equal(customer.customer_id, issued.customer_id);
  assert.equal(customer.business_id, issued.business_id);
  assert.equal(customer.email, email);
  assert.equal(customer.name, 'Ada Lovelace');
  assertTimestamp(customer.created_at, 'customer.created_at');
  assert.deepEqual(customer.metadata, {});
  assert.equal(customer.phone_number, null);
  await rejectsWith(client.customers.retrieve('cus_000000000000000000000'), NotFoundError, 404);
});

const kept = await check('customers.create makes a customer ahead of any purchase (201), phone number and metadata kept', async () => {
  const { data: made, response } = await client.customers.create({
    email: `kept-${run}@example.com`, name: 'Grace Hopper', phone_number: '+1 (555) 010-0199',
    metadata: { crm_id: 'c-17', seats: 3, vip: true },
  }).withResponse();
  assert.equal(response.status, 201);
  assert.match(made.customer_id, /^cus_/);
  assert.equal(made.business_id, issued.business_id);
  assert.equal(made.email, `kept-${run}@example.com`);
  assert.equal(made.name, 'Grace Hopper');
  assert.equal(made.phone_number, '+1 (555) 010-0199');
  assert.deepEqual(made.metadata, { crm_id: 'c-17', seats: 3, vip: true });
  assertTimestamp(made.created_at, 'customer.created_at');
  assert.deepEqual(await client.customers.retrieve(made.customer_id), made);
  assert.deepEqual(await collect(client.customers.list({ email: made.email, page_number: 0 })), [made]);
  return made;
});

await check('customers.create with an email the business has answers that customer unchanged (200), never a second one', async () => {
  const { data: again, response } = await client.customers.create({
    email: `KEPT-${run}@Example.com`, name: 'Someone Else', phone_number: '555 0100',
  }).withResponse();
  assert.equal(response.status, 200);
  assert.deepEqual(again, kept);
  assert.equal((await collect(client.customers.list({ email: kept.email, page_number: 0 }))).length, 1);
  const error = await rejectsWith(client.customers.create({ email: 'not-an-address', name: 'N' }), UnprocessableEntityError, 422);
  assert.equal(error.error.code, 'VALIDATION_FAILED');
});

await check('customers.update changes the fields given; null removes the phone number; another customer\'s email is a 422', async () => {
  const updated = await client.customers.update(kept.customer_id, {
    name: 'Grace B. Hopper', phone_number: null, metadata: { crm_id: 'c-18' },
  });
  assert.equal(updated.customer_id, kept.customer_id);
  assert.equal(updated.name, 'Grace B. Hopper');
  assert.equal(updated.email, kept.email);
  assert.equal(updated.phone_number, null);
  assert.deepEqual(updated.metadata, { crm_id: 'c-18' });
  assert.deepEqual(await client.customers.retrieve(kept.customer_id), updated);
  const taken = await rejectsWith(client.customers.update(kept.customer_id, { email: email.toUpperCase() }),
    UnprocessableEntityError, 422);
  assert.equal(taken.error.code, 'VALIDATION_FAILED');
  assert.equal((await client.customers.retrieve(kept.customer_id)).email, kept.email);
  await rejectsWith(client.customers.update('cus_000000000000000000000', { name: 'x' }), NotFoundError, 404);
});

await check('licenseKeys.create imports a key for a customer made by customers.create, who has no grant', async () => {
  const made = await client.licenseKeys.create({
    customer_id: kept.customer_id, key: `KEPT-${run}-KEY`, product_id: entitlement.id,
  });
  assertLicenseKeyShape(made);
  assert.equal(made.customer_id, kept.customer_id);
  assert.equal(made.source, 'import');
  assert.deepEqual(await client.licenses.validate({ license_key: `KEPT-${run}-KEY` }), { valid: true });
});

await check('customers.customerPortal.create answers {link}: a one-time portal link, with or without send_email and return_url', async () => {
  const session = await client.customers.customerPortal.create(issued.customer_id);
  assert.deepEqual(Object.keys(session), ['link']);
  assert.match(session.link, /^https?:\/\/[^/]+\/portal\/link\/[A-Za-z0-9_-]{43}$/);
  const emailed = await client.customers.customerPortal.create(issued.customer_id,
    { send_email: true, return_url: 'https://shop.example/account' });
  assert.notEqual(emailed.link, session.link);
  // the SDK sends the same query on a retry, so a key in the options answers the first link; another query is 409
  const options = { headers: { 'Idempotency-Key': `sdk-portal-${run}` } };
  const asked = { return_url: 'https://shop.example/account' };
  const once = await client.customers.customerPortal.create(issued.customer_id, asked, options);
  const again = await client.customers.customerPortal.create(issued.customer_id, asked, options);
  assert.equal(again.link, once.link);
  const reused = await rejectsWith(client.customers.customerPortal.create(issued.customer_id,
    { return_url: 'https://shop.example/other' }, options), ConflictError, 409);
  assert.equal(reused.error.code, 'IDEMPOTENCY_KEY_REUSED');
  await rejectsWith(client.customers.customerPortal.create('cus_000000000000000000000'), NotFoundError, 404);
  await rejectsWith(client.customers.customerPortal.create(issued.customer_id, { return_url: 'javascript:alert(1)' }),
    UnprocessableEntityError, 422);
});

await check('entitlements.grants.revoke revokes (reason manual), idempotently', async () => {
  const revoked = await client.entitlements.grants.revoke(issued.id, { id: entitlement.id });
  assertGrantShape(revoked);
  assert.equal(revoked.status, 'Revoked');
  assert.equal(revoked.revocation_reason, 'manual');
  assertTimestamp(revoked.revoked_at, 'revoked_at');
  const again = await client.entitlements.grants.revoke(issued.id, { id: entitlement.id });
  assert.equal(again.status, 'Revoked');
  assert.equal(again.revoked_at, revoked.revoked_at);
});

await check('licenses.validate answers {valid: false} after revocation', async () => {
  assert.deepEqual(await client.licenses.validate({ license_key: keyA }), { valid: false });
});

await check('entitlements.delete resolves, then retrieve is a NotFoundError (404), not retried', async () => {
  const result = await client.entitlements.delete(entitlement.id);
  if (result !== undefined) {
    deviation(`entitlements.delete resolves to ${JSON.stringify(result)} instead of undefined (the SDK types it void)`);
  }
  assert.ok(result === undefined || result === '', `void result, got ${JSON.stringify(result)}`);
  const { sent, fetch } = countingFetch();
  const retrying = new DodoPayments({ bearerToken, baseURL, maxRetries: 2, fetch });
  const error = await rejectsWith(retrying.entitlements.retrieve(entitlement.id), NotFoundError, 404);
  assert.equal(error.error.code, 'NOT_FOUND');
  assert.equal(sent.length, 1);
  await rejectsWith(client.entitlements.grants.list(entitlement.id), NotFoundError, 404);
  const remaining = (await collect(client.entitlements.list({ page_size: 100, page_number: 0 }))).map((e) => e.id);
  assert.ok(!remaining.includes(entitlement.id));
});

await check('a wrong token is an AuthenticationError (401 UNAUTHORIZED), not retried', async () => {
  const { sent, fetch } = countingFetch();
  const stranger = new DodoPayments({ bearerToken: 'gr_live_not-a-real-key', baseURL, maxRetries: 2, fetch });
  const error = await rejectsWith(stranger.entitlements.retrieve(entitlement.id), AuthenticationError, 401);
  assert.equal(error.error.code, 'UNAUTHORIZED');
  assert.equal(error.headers.get('x-should-retry'), 'false');
  assert.equal(sent.length, 1);
  await rejectsWith(stranger.entitlements.list(), AuthenticationError, 401);
  // /licenses/* are public: the SDK always sends its token, which Grantor ignores there.
  assert.deepEqual(await stranger.licenses.validate({ license_key: keyA }), { valid: false });
});

await check('a 429 is a RateLimitError with retry-after, and the SDK retries it after that delay', async () => {
  // /licenses/* are limited per client address (bursts of twice the per-second rate): a volley overflows it.
  const volley = await Promise.allSettled(Array.from({ length: 80 },
    () => client.licenses.validate({ license_key: `${keyA}-volley` })));
  const limited = volley.filter((r) => r.status === 'rejected').map((r) => r.reason);
  assert.ok(limited.length > 0, 'the volley is rate limited');
  for (const error of limited) {
    assert.ok(error instanceof RateLimitError, `${error?.constructor?.name}: ${error?.message}`);
  }
  assert.equal(limited[0].status, 429);
  assert.equal(limited[0].error.code, 'RATE_LIMITED');
  assert.equal(limited[0].headers.get('x-should-retry'), null, 'a 429 may be retried');
  const retryAfter = Number(limited[0].headers.get('retry-after'));
  assert.ok(retryAfter >= 1, `retry-after is a number of seconds: ${limited[0].headers.get('retry-after')}`);

  // Drained again, then one call that may retry: each 429 it meets must be followed by a wait of retry-after.
  let exchanges = [];
  for (let attempt = 0; attempt < 5 && !exchanges.some((e) => e.status === 429); attempt += 1) {
    const counting = countingFetch();
    const patient = new DodoPayments({ bearerToken, baseURL, maxRetries: 5, fetch: counting.fetch });
    await Promise.allSettled(Array.from({ length: 80 }, () => client.licenses.validate({ license_key: `${keyA}-volley` })));
    assert.deepEqual(await patient.licenses.validate({ license_key: keyA }), { valid: false });
    exchanges = counting.exchanges;
  }
  assert.ok(exchanges.some((e) => e.status === 429), 'the patient call met a 429 at least once');
  assert.equal(exchanges.at(-1).status, 200);
  for (let i = 1; i < exchanges.length; i += 1) {
    assert.equal(exchanges[i - 1].status, 429);
    const waited = exchanges[i].sentAt - exchanges[i - 1].answeredAt;
    assert.ok(waited >= retryAfter * 1000 - 50, `waited ${waited} ms before retrying, retry-after says ${retryAfter} s`);
  }
});

// ---- webhooks.headers (fix-hooks, session 28) ----

await check('webhooks.headers.retrieve answers {headers, sensitive}, withholding values that may be credentials', async () => {
  const hooked = await client.webhooks.create({
    url: 'https://hooks.example.com/sdk-headers', headers: { 'X-Shop': 'sdk', 'X-Api-Key': 'k-sdk', 'X-Relay': 'Bearer t0k3n' },
  });
  const shown = await client.webhooks.headers.retrieve(hooked.id);
  assert.deepEqual(shown, { headers: { 'X-Shop': 'sdk' }, sensitive: ['X-Api-Key', 'X-Relay'] });
  assert.ok(!JSON.stringify(shown).includes('k-sdk') && !JSON.stringify(shown).includes('t0k3n'), 'no credential read back');
  const bare = await client.webhooks.create({ url: 'https://hooks.example.com/sdk-bare' });
  assert.deepEqual(await client.webhooks.headers.retrieve(bare.id), { headers: {}, sensitive: [] });
  await rejectsWith(client.webhooks.headers.retrieve('whk_000000000000000000000'), NotFoundError, 404);
  for (const webhook of [hooked, bare]) {
    await client.webhooks.delete(webhook.id);
  }
});

await check('webhooks.headers.update merges (any letter case replaces), null removes, a refused change changes nothing', async () => {
  const hooked = await client.webhooks.create({
    url: 'https://hooks.example.com/sdk-merge', headers: { 'X-Shop': 'sdk', 'X-Old': '1', 'Authorization': 'Bearer a' },
  });
  assert.equal(await client.webhooks.headers.update(hooked.id, { headers: { 'x-shop': 'sdk2', 'X-Team': 'ops' } }), undefined);
  assert.deepEqual(await client.webhooks.headers.retrieve(hooked.id),
    { headers: { 'X-Old': '1', 'x-shop': 'sdk2', 'X-Team': 'ops' }, sensitive: ['Authorization'] });
  // the SDK types a value as a string; a JSON null (Grantor's way to remove one) goes through it unchanged
  await client.webhooks.headers.update(hooked.id, { headers: { 'X-Old': null, 'authorization': null } });
  assert.deepEqual(await client.webhooks.headers.retrieve(hooked.id),
    { headers: { 'x-shop': 'sdk2', 'X-Team': 'ops' }, sensitive: [] });
  const refused = await rejectsWith(client.webhooks.headers.update(hooked.id, { headers: { 'User-Agent': 'mine/1', 'X-New': 'n' } }),
    UnprocessableEntityError, 422);
  assert.equal(refused.error.code, 'VALIDATION_FAILED');
  assert.equal(refused.error.details[0].field, 'headers.User-Agent');
  assert.deepEqual((await client.webhooks.headers.retrieve(hooked.id)).headers, { 'x-shop': 'sdk2', 'X-Team': 'ops' });
  await rejectsWith(client.webhooks.headers.update('whk_000000000000000000000', { headers: { 'X-A': 'a' } }), NotFoundError, 404);
  await client.webhooks.delete(hooked.id);
});

for (const line of deviations) {
  // repeated after the checks so that a reader of the tail sees them next to the summary
  console.log(`sdk-compat: deviation: ${line}`);
}
console.log(`sdk-compat: ${passed} checks passed`);
