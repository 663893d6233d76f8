import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { deviceProblem, startRegistry } from './server';

const dir = mkdtempSync(join(tmpdir(), 'registry-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const kitchen = { identifier: 'kitchen-temp-1', name: 'Kitchen thermometer', device_type: 'temperature sensor', controller_gateway: 'coap-gateway' };

describe('the REST device registry', () => {
  it('answers the four calls with 201, 200 and 404, and keeps its rows in SQLite across restarts', async () => {
    const file = join(dir, 'devices.sqlite');
    let registry = await startRegistry({ file });
    try {
      const post = await fetch(`${registry.url}/devices`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(kitchen) });
      expect(post.status).toBe(201);
      expect(await post.json()).toEqual(kitchen);
      expect((await fetch(`${registry.url}/devices`, { method: 'POST', body: JSON.stringify(kitchen) })).status).toBe(409);
      const list = await fetch(`${registry.url}/devices`);
      expect(list.status).toBe(200);
      expect(await list.json()).toEqual([kitchen]);
      expect(await (await fetch(`${registry.url}/devices/kitchen-temp-1`)).json()).toEqual(kitchen);
      const missing = await fetch(`${registry.url}/devices/nope`);
      expect(missing.status).toBe(404);
      expect(await missing.json()).toEqual({ error: 'Device with identifier nope not found.' });
    } finally {
      await registry.close();
    }
    registry = await startRegistry({ file });
    try {
      expect(await (await fetch(`${registry.url}/devices`)).json()).toEqual([kitchen]);
      const del = await fetch(`${registry.url}/devices/kitchen-temp-1`, { method: 'DELETE' });
      expect(del.status).toBe(200);
      expect((await fetch(`${registry.url}/devices/kitchen-temp-1`)).status).toBe(404);
      expect((await fetch(`${registry.url}/devices/kitchen-temp-1`, { method: 'DELETE' })).status).toBe(404);
    } finally {
      await registry.close();
    }
  });

  it('refuses a bad body with 400 and says what is wrong', async () => {
    const registry = await startRegistry();
    try {
      const bad = async (body: string) => {
        const res = await fetch(`${registry.url}/devices`, { method: 'POST', body });
        return [res.status, ((await res.json()) as { error: string }).error];
      };
      expect(await bad('{"identifier":')).toEqual([400, expect.stringMatching(/^The body is not JSON/)]);
      expect(await bad('{"identifier":"a"}')).toEqual([400, 'Missing fields: name, device_type, controller_gateway.']);
      expect(await bad(JSON.stringify({ ...kitchen, name: 7 }))).toEqual([400, 'Field name must be a string.']);
      expect(await bad(JSON.stringify({ ...kitchen, identifier: 'a/b' }))).toEqual([400, 'Field identifier may hold only letters, digits and . _ : -']);
      expect(await bad(JSON.stringify({ ...kitchen, colour: 'red' }))).toEqual([400, 'Unknown field: colour.']);
      expect(deviceProblem([])).toMatch(/must be a JSON object/);
      expect((await fetch(`${registry.url}/devices`, { method: 'PUT' })).status).toBe(405);
      // a body over 64 kB is refused, and what the exchange keeps of it is bounded
      const huge = await fetch(`${registry.url}/devices`, { method: 'POST', body: 'x'.repeat(5_000_000) });
      expect(huge.status).toBe(413);
      const kept = (await (await fetch(`${registry.url}/_exchanges/${huge.headers.get('x-exchange-id')}`)).json()) as { request: string };
      expect(kept.request.length).toBeLessThanOrEqual(16 * 1024);
      expect(kept.request).toMatch(/^POST \/devices HTTP\/1\.1/);
      expect((await fetch(`${registry.url}/elsewhere`)).status).toBe(404);
    } finally {
      await registry.close();
    }
  });

  it('keeps each exchange as it crossed the socket, for the lesson on bytes, and lets a page read it (CORS)', async () => {
    const registry = await startRegistry();
    try {
      const res = await fetch(`${registry.url}/devices`, { method: 'POST', headers: { 'Content-Type': 'application/json', Origin: 'http://page' }, body: JSON.stringify(kitchen) });
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
      expect(res.headers.get('access-control-expose-headers')).toMatch(/X-Exchange-Id/);
      const id = res.headers.get('x-exchange-id');
      const exchange = (await (await fetch(`${registry.url}/_exchanges/${id}`)).json()) as { request: string; response: string };
      expect(exchange.request).toMatch(/^POST \/devices HTTP\/1\.1\r\n/);
      expect(exchange.request).toContain(`\r\n\r\n${JSON.stringify(kitchen)}`);
      expect(exchange.response).toMatch(/^HTTP\/1\.1 201 Created\r\n/);
      expect(exchange.response).toContain('"identifier": "kitchen-temp-1"');
      const preflight = await fetch(`${registry.url}/devices`, { method: 'OPTIONS' });
      expect(preflight.status).toBe(204);
    } finally {
      await registry.close();
    }
  });
});
