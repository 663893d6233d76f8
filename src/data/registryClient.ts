/**
 * The course's REST device registry, read and written through its URL: GET /devices, POST /devices,
 * DELETE /devices/{identifier}, and the exchanges it keeps for the lesson on bytes. What it answers is
 * hostile until checked: each device passes a schema field by field, and what fails is named, not shown.
 */
import * as v from 'valibot';

export interface RegistryDevice {
  identifier: string;
  name: string;
  device_type: string;
  controller_gateway: string;
}

/** Devices read from one registry, at most. */
export const MAX_REGISTRY_DEVICES = 5_000;

const field = (name: string) => v.pipe(v.string(`${name} must be text`), v.maxLength(200, `${name} must be at most 200 characters`));
const DeviceSchema = v.object({
  identifier: v.pipe(field('identifier'), v.minLength(1, 'identifier must not be empty')),
  name: field('name'),
  device_type: field('device_type'),
  controller_gateway: field('controller_gateway'),
});

/** Why `text` cannot be a registry URL, or null ('' is "not linked"). */
export function registryUrlProblem(text: string): string | null {
  if (text === '') return null;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'Enter a URL such as http://127.0.0.1:8090';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `The registry speaks HTTP: use http:// or https://, not ${url.protocol}//`;
  if (url.username || url.password) return 'Leave credentials out of the URL: they would be saved with the profile.';
  return null;
}

const base = (url: string) => url.replace(/\/+$/, '');

async function call(url: string, init?: RequestInit): Promise<Response> {
  try {
    return await fetch(url, { ...init, cache: 'no-store' });
  } catch {
    throw new Error(`Could not reach the registry at ${url}: is it running (npm start runs one), and does it allow this page (CORS)?`);
  }
}

/** The registry's words for a refusal ({"error": "..."}), else the status. */
async function refusal(res: Response): Promise<string> {
  const text = await res.text().catch(() => '');
  try {
    const body = JSON.parse(text) as { error?: unknown };
    if (typeof body.error === 'string') return `${res.status}: ${body.error.slice(0, 500)}`;
  } catch {
    // not JSON: the status says enough
  }
  return `${res.status} ${res.statusText}`.trim();
}

export interface RegistryList {
  devices: RegistryDevice[];
  /** Rows refused by the schema, named by position and reason. */
  refused: string[];
}

/** GET /devices, checked row by row. */
export async function listRegistry(url: string): Promise<RegistryList> {
  const res = await call(`${base(url)}/devices`);
  if (!res.ok) throw new Error(`The registry refused GET /devices: ${await refusal(res)}`);
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    throw new Error('The registry answered GET /devices with something that is not JSON.');
  }
  if (!Array.isArray(body)) throw new Error('The registry answered GET /devices with JSON that is not a list of devices.');
  const devices: RegistryDevice[] = [];
  const refused: string[] = [];
  body.slice(0, MAX_REGISTRY_DEVICES).forEach((row: unknown, i) => {
    const checked = v.safeParse(DeviceSchema, row);
    if (checked.success) devices.push(checked.output);
    else refused.push(`row ${i + 1}: ${checked.issues.map((issue) => issue.message).join('; ')}`);
  });
  if (body.length > MAX_REGISTRY_DEVICES) refused.push(`${body.length - MAX_REGISTRY_DEVICES} rows past the first ${MAX_REGISTRY_DEVICES.toLocaleString('en')} were not read`);
  return { devices, refused };
}

export interface RegistryCall<T> {
  value: T;
  /** The registry's X-Exchange-Id: GET /_exchanges/{id} returns the exchange as it crossed the socket. */
  exchangeId: string | null;
}

/** POST /devices. */
export async function addToRegistry(url: string, device: RegistryDevice): Promise<RegistryCall<RegistryDevice>> {
  const res = await call(`${base(url)}/devices`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(device) });
  if (res.status !== 201) throw new Error(`The registry refused the device: ${await refusal(res)}`);
  const checked = v.safeParse(DeviceSchema, await res.json().catch(() => null));
  return { value: checked.success ? checked.output : device, exchangeId: res.headers.get('X-Exchange-Id') };
}

/** DELETE /devices/{identifier}. */
export async function deleteFromRegistry(url: string, identifier: string): Promise<void> {
  const res = await call(`${base(url)}/devices/${encodeURIComponent(identifier)}`, { method: 'DELETE' });
  if (!res.ok) throw new Error(`The registry refused to delete ${identifier}: ${await refusal(res)}`);
}

export interface WireExchange {
  request: string;
  response: string;
}

/** An exchange as the registry saw it on its socket, bytes as text (latin1: one character per byte). */
export async function registryExchange(url: string, id: string): Promise<WireExchange> {
  const res = await call(`${base(url)}/_exchanges/${encodeURIComponent(id)}`);
  if (!res.ok) throw new Error(`The registry has no record of that exchange: ${await refusal(res)}`);
  const body = (await res.json().catch(() => null)) as Partial<WireExchange> | null;
  if (!body || typeof body.request !== 'string' || typeof body.response !== 'string') throw new Error('The registry answered with something that is not an exchange.');
  return { request: body.request.slice(0, 16_384), response: body.response.slice(0, 16_384) };
}
