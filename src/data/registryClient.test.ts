import { afterEach, describe, expect, it, vi } from 'vitest';
import { addToRegistry, listRegistry, MAX_REGISTRY_DEVICES, registryExchange, registryUrlProblem } from './registryClient';

const answer = (body: string, init: ResponseInit = {}) => vi.spyOn(globalThis, 'fetch').mockResolvedValue(new Response(body, init));
const ok = { identifier: 'a', name: 'A', device_type: 't', controller_gateway: 'g' };

afterEach(() => vi.restoreAllMocks());

describe('the REST registry, read through its URL', () => {
  it('checks the URL where it is typed', () => {
    expect(registryUrlProblem('')).toBeNull();
    expect(registryUrlProblem('http://127.0.0.1:8090')).toBeNull();
    expect(registryUrlProblem('127.0.0.1:8090')).toMatch(/^Enter a URL/);
    expect(registryUrlProblem('ws://127.0.0.1:8090')).toMatch(/use http:\/\/ or https:\/\/, not ws:/);
    expect(registryUrlProblem('http://me:secret@host')).toMatch(/Leave credentials out of the URL/);
  });

  it('refuses hostile answers by name: not JSON, not a list, rows of the wrong shape, too many rows', async () => {
    answer('<html>');
    await expect(listRegistry('http://r')).rejects.toThrow('answered GET /devices with something that is not JSON');
    answer('{"devices":[]}');
    await expect(listRegistry('http://r')).rejects.toThrow('JSON that is not a list of devices');
    answer(JSON.stringify([ok, { ...ok, identifier: '' }, { ...ok, name: 7 }, null, { ...ok, name: 'x'.repeat(201) }]));
    const list = await listRegistry('http://r');
    expect(list.devices).toEqual([ok]);
    expect(list.refused).toEqual([
      'row 2: identifier must not be empty',
      'row 3: name must be text',
      expect.stringMatching(/^row 4: /),
      'row 5: name must be at most 200 characters',
    ]);
    answer(JSON.stringify(Array.from({ length: MAX_REGISTRY_DEVICES + 10 }, (_, i) => ({ ...ok, identifier: `d${i}` }))));
    const many = await listRegistry('http://r');
    expect(many.devices).toHaveLength(MAX_REGISTRY_DEVICES);
    expect(many.refused).toEqual(['10 rows past the first 5,000 were not read']);
  });

  it('says the registry\'s own words for a refusal, and names a registry it cannot reach', async () => {
    answer('{"error":"A device with identifier a already exists."}', { status: 409 });
    await expect(addToRegistry('http://r', ok)).rejects.toThrow('The registry refused the device: 409: A device with identifier a already exists.');
    answer('nope', { status: 500, statusText: 'Internal Server Error' });
    await expect(listRegistry('http://r')).rejects.toThrow('The registry refused GET /devices: 500 Internal Server Error');
    vi.spyOn(globalThis, 'fetch').mockRejectedValue(new TypeError('Failed to fetch'));
    await expect(listRegistry('http://r/')).rejects.toThrow('Could not reach the registry at http://r/devices');
    answer('{"request":5}');
    await expect(registryExchange('http://r', '1')).rejects.toThrow('not an exchange');
  });
});
