/**
 * Home Assistant MQTT discovery configs, read as Home Assistant reads them: the topic
 * `<prefix>/<component>/[<node_id>/]<object_id>/config` (or `<prefix>/device/<object_id>/config` with a
 * `cmps` map), abbreviations expanded, `~` put in, availability and templates read. What a config gets wrong
 * is listed with it, by name, and changes nothing else.
 */
import { decodeUtf8 } from '../../mqtt/payload';
import { tryParseJson, type JsonValue } from '../json';
import { ABBREVIATIONS, DEVICE_ABBREVIATIONS, KNOWN_DEVICE_KEYS, KNOWN_KEYS } from './abbreviations';
import { compileTemplate, type TemplateReader } from './template';

export const DEFAULT_DISCOVERY_PREFIX = 'homeassistant';
/** Config payloads longer than this are refused (a config is a few hundred bytes). */
export const MAX_CONFIG_BYTES = 64 * 1024;

export interface DiscoveredDevice {
  /** The first identifier, or the config's node. */
  id: string;
  name: string;
  model: string;
  manufacturer: string;
  area: string;
}

export interface Availability {
  topic: string;
  available: string;
  notAvailable: string;
  template: TemplateReader | null;
}

export interface DiscoveredEntity {
  /** unique_id when given, else the config topic (and component key). */
  id: string;
  configTopic: string;
  component: string;
  name: string;
  uniqueId: string | null;
  device: DiscoveredDevice | null;
  stateTopic: string | null;
  /** null: the payload itself. */
  template: TemplateReader | null;
  /** The value template as written (to tell which field of a payload an entity reads). */
  templateSource: string | null;
  unit: string;
  deviceClass: string;
  stateClass: string;
  commandTopic: string | null;
  payloadOn: string;
  payloadOff: string;
  /** The states that mean on/off (binary sensors and switches), as text. */
  stateOn: string;
  stateOff: string;
  availability: Availability[];
  availabilityMode: 'all' | 'any' | 'latest';
  /** Why this entity shows no value (a template outside the subset), or null. */
  fault: string | null;
}

export interface DiscoveryConfig {
  topic: string;
  component: string;
  /** Published with retain (a config without it vanishes when Home Assistant restarts). */
  retained: boolean;
  receivedAt: number;
  entities: DiscoveredEntity[];
  /** What is wrong with it, in words. */
  problems: string[];
}

/** The parts of a discovery topic, or null when `topic` is not one under `prefix`. */
export function parseDiscoveryTopic(topic: string, prefix: string): { component: string; nodeId: string | null; objectId: string } | null {
  if (!topic.startsWith(`${prefix}/`) || !topic.endsWith('/config')) return null;
  const parts = topic.slice(prefix.length + 1, -'/config'.length).split('/');
  if (parts.length === 2) return { component: parts[0] as string, nodeId: null, objectId: parts[1] as string };
  if (parts.length === 3) return { component: parts[0] as string, nodeId: parts[1] as string, objectId: parts[2] as string };
  return null;
}

type Obj = Record<string, JsonValue>;
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);
const str = (x: JsonValue | undefined): string | null => (typeof x === 'string' ? x : typeof x === 'number' || typeof x === 'boolean' ? String(x) : null);

/** Keys expanded to their full names; unknown ones noted. */
function expand(raw: Obj, map: Readonly<Record<string, string>>, known: ReadonlySet<string>, unknown: string[]): Obj {
  const out: Obj = {};
  for (const [key, value] of Object.entries(raw)) {
    const full = map[key] ?? key;
    if (!known.has(full) && key !== '~') unknown.push(key);
    out[full] = value;
  }
  return out;
}

/** `~` put into topics that start or end with it. */
function withBase(value: string | null, base: string | null): string | null {
  if (value === null || base === null) return value;
  if (value.startsWith('~')) return base + value.slice(1);
  if (value.endsWith('~')) return value.slice(0, -1) + base;
  return value;
}

function readDevice(raw: JsonValue | undefined, fallbackId: string, problems: string[]): DiscoveredDevice | null {
  if (raw === undefined) return null;
  if (!isObj(raw)) {
    problems.push('device: must be an object');
    return null;
  }
  const unknown: string[] = [];
  const d = expand(raw, DEVICE_ABBREVIATIONS, KNOWN_DEVICE_KEYS, unknown);
  if (unknown.length) problems.push(`device: unknown key${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `"${k}"`).join(', ')}`);
  const ids = d.identifiers;
  const id = (Array.isArray(ids) ? str(ids[0]) : str(ids)) ?? fallbackId;
  return { id, name: str(d.name) ?? id, model: str(d.model) ?? '', manufacturer: str(d.manufacturer) ?? '', area: str(d.suggested_area) ?? '' };
}

function template(raw: JsonValue | undefined, what: string, problems: string[]): { template: TemplateReader | null; fault: string | null } {
  const text = str(raw ?? null);
  if (text === null) return { template: null, fault: null };
  const compiled = compileTemplate(text);
  if (compiled.ok) return { template: compiled, fault: null };
  const fault = `${what}: ${compiled.reason}`;
  problems.push(fault);
  return { template: null, fault };
}

function readEntity(component: string, c: Obj, configTopic: string, key: string, device: DiscoveredDevice | null, problems: string[]): DiscoveredEntity {
  const base = str(c['~']);
  const topic = (name: string) => withBase(str(c[name]), base);
  const availability: Availability[] = [];
  const defaultOn = str(c.payload_available) ?? 'online';
  const defaultOff = str(c.payload_not_available) ?? 'offline';
  const single = topic('availability_topic');
  if (single) availability.push({ topic: single, available: defaultOn, notAvailable: defaultOff, template: template(c.availability_template, 'availability_template', problems).template });
  const list = c.availability;
  if (Array.isArray(list)) {
    list.forEach((item, i) => {
      if (!isObj(item)) return void problems.push(`availability[${i}]: must be an object`);
      const a = expand(item, ABBREVIATIONS, KNOWN_KEYS, []);
      const t = withBase(str(a.topic), base);
      if (!t) return void problems.push(`availability[${i}]: has no topic`);
      availability.push({ topic: t, available: str(a.payload_available) ?? defaultOn, notAvailable: str(a.payload_not_available) ?? defaultOff, template: template(a.value_template, `availability[${i}].value_template`, problems).template });
    });
  } else if (list !== undefined) problems.push('availability: must be a list');
  const mode = str(c.availability_mode);
  const { template: valueTemplate, fault } = template(c.value_template ?? c.state_value_template, 'value_template', problems);
  const uniqueId = str(c.unique_id);
  const binary = component === 'binary_sensor';
  const payloadOn = str(c.payload_on) ?? 'ON';
  const payloadOff = str(c.payload_off) ?? 'OFF';
  const objectName = str(c.name);
  return {
    id: uniqueId ?? (key ? `${configTopic}#${key}` : configTopic),
    configTopic,
    component,
    name: objectName ?? (c.name === null ? (device?.name ?? key) : (key || configTopic.split('/').at(-2) || configTopic)),
    uniqueId,
    device,
    stateTopic: topic('state_topic'),
    template: valueTemplate,
    templateSource: str(c.value_template ?? c.state_value_template ?? null),
    unit: str(c.unit_of_measurement) ?? '',
    deviceClass: str(c.device_class) ?? '',
    stateClass: str(c.state_class) ?? '',
    commandTopic: topic('command_topic'),
    payloadOn,
    payloadOff,
    stateOn: str(c.state_on) ?? (binary ? payloadOn : payloadOn),
    stateOff: str(c.state_off) ?? payloadOff,
    availability,
    availabilityMode: mode === 'all' || mode === 'any' ? mode : 'latest',
    fault,
  };
}

/**
 * Reads one discovery message; null when `topic` is not a discovery topic. An empty payload removes the
 * config (an entity with no entities).
 */
export function parseDiscovery(topic: string, payload: Uint8Array, retained: boolean, receivedAt: number, prefix: string): DiscoveryConfig | null {
  const where = parseDiscoveryTopic(topic, prefix);
  if (!where) return null;
  const config: DiscoveryConfig = { topic, component: where.component, retained, receivedAt, entities: [], problems: [] };
  if (payload.byteLength === 0) return config;
  if (payload.byteLength > MAX_CONFIG_BYTES) {
    config.problems.push(`over ${MAX_CONFIG_BYTES / 1024} kB: not read`);
    return config;
  }
  const text = decodeUtf8(payload);
  const json = text === null ? undefined : tryParseJson(text);
  if (!isObj(json)) {
    config.problems.push(text === null ? 'not UTF-8 text: not read' : json === undefined ? 'not JSON: not read' : 'not a JSON object: not read');
    return config;
  }
  if (!retained) config.problems.push('not retained: it is gone once Home Assistant or the broker restarts, and the entity with it');
  const unknown: string[] = [];
  const c = expand(json, ABBREVIATIONS, KNOWN_KEYS, unknown);
  const fallbackId = where.nodeId ?? where.objectId;
  const device = readDevice(c.device, fallbackId, config.problems);
  if (where.component === 'device') {
    // device-level discovery: shared keys at the top, one entity per component in `cmps`
    const components = c.components;
    if (!isObj(components)) {
      config.problems.push('components (cmps): missing, so nothing is discovered');
      return config;
    }
    const { components: _c, device: _d, origin: _o, ...shared } = c;
    for (const [key, raw] of Object.entries(components)) {
      if (!isObj(raw)) {
        config.problems.push(`components.${key}: must be an object`);
        continue;
      }
      const own: string[] = [];
      const comp = { ...shared, ...expand(raw, ABBREVIATIONS, KNOWN_KEYS, own) };
      if (own.length) config.problems.push(`components.${key}: unknown key${own.length > 1 ? 's' : ''} ${own.map((k) => `"${k}"`).join(', ')}`);
      const platform = str(comp.platform);
      if (!platform) {
        config.problems.push(`components.${key}: has no platform (p)`);
        continue;
      }
      const entity = readEntity(platform, comp, topic, key, device, config.problems);
      if (!entity.uniqueId) config.problems.push(`components.${key}: no unique_id: Home Assistant cannot tell it apart from others, nor let you rename it`);
      config.entities.push(entity);
    }
  } else {
    const entity = readEntity(where.component, c, topic, '', device, config.problems);
    if (!entity.uniqueId) config.problems.push('no unique_id: Home Assistant cannot tell it apart from others, nor let you rename it');
    config.entities.push(entity);
  }
  if (unknown.length) config.problems.push(`unknown key${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `"${k}"`).join(', ')}`);
  return config;
}

/** An entity's value from a state payload: its template applied (null when there is nothing to read). */
export function entityValue(entity: DiscoveredEntity, payload: Uint8Array): string | number | boolean | null {
  const text = decodeUtf8(payload);
  if (text === null) return null;
  if (!entity.template) return text;
  const first = text.trimStart()[0];
  const json = first === '{' || first === '[' ? tryParseJson(text) : text.trim() === '' ? undefined : tryParseJson(text);
  const value = entity.template.read(text, json);
  return value === undefined ? null : value;
}

/** What an availability message says: 'online', 'offline', or null when it is neither. */
export function availabilityOf(a: Availability, payload: Uint8Array): 'online' | 'offline' | null {
  const text = decodeUtf8(payload);
  if (text === null) return null;
  let said: string = text;
  if (a.template) {
    const first = text.trimStart()[0];
    const value = a.template.read(text, first === '{' || first === '[' ? tryParseJson(text) : undefined);
    if (value === undefined || value === null) return null;
    said = String(value);
  }
  if (said === a.available) return 'online';
  if (said === a.notAvailable) return 'offline';
  return null;
}
