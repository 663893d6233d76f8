/** Short random ids; crypto.randomUUID is missing on pages served over plain http from a LAN address. */
export function newId(prefix = ''): string {
  const random = Math.random().toString(36).slice(2, 10);
  return `${prefix}${Date.now().toString(36)}${random}`;
}

/** A client ID like the ones other dashboards generate: recognisable, unique enough, under 23 chars. */
export function newClientId(): string {
  return `mqttscope-${Math.random().toString(16).slice(2, 10)}`;
}
