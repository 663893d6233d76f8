/**
 * Alerts on the Home view's tiles: above or below a limit for a time, no message for a time, a device gone
 * offline. Evaluated about once a second while the page is open (a closed page hears nothing, and says
 * so); each alert is raised once when its condition starts holding and marked ended when it stops.
 */
import type { AlertRule, Tile } from './tiles';

export interface AlertEvent {
  key: string;
  ruleId: string;
  /** The tile, or for "any device offline" the device. */
  subject: string;
  text: string;
  at: number;
  endedAt: number | null;
}

/** Alerts kept per connection (newest first). */
export const MAX_ALERT_EVENTS = 200;

const fmt = (n: number) => String(Math.round(n * 100) / 100);

export class AlertMonitor {
  /** Newest first. */
  readonly events: AlertEvent[] = [];
  /** When each condition started holding, by key. */
  private readonly since = new Map<string, number>();
  private readonly open = new Map<string, AlertEvent>();
  rev = 0;

  /** Checks every rule against the tiles; returns the alerts raised now. */
  evaluate(tiles: readonly Tile[], rules: readonly AlertRule[], now: number): AlertEvent[] {
    const raised: AlertEvent[] = [];
    const holding = new Set<string>();
    const hold = (key: string, rule: AlertRule, subject: string, text: string) => {
      holding.add(key);
      const start = this.since.get(key) ?? now;
      this.since.set(key, start);
      if (this.open.has(key) || now - start < rule.forSec * 1000) return;
      const event: AlertEvent = { key, ruleId: rule.id, subject, text, at: now, endedAt: null };
      this.open.set(key, event);
      this.events.unshift(event);
      if (this.events.length > MAX_ALERT_EVENTS) this.events.pop();
      raised.push(event);
    };
    for (const rule of rules) {
      if (!rule.enabled) continue;
      if (rule.tile === '*' && rule.kind === 'offline') {
        // one alert per device, not one per tile of it
        const devices = new Map<string, Tile>();
        for (const t of tiles) if (t.presence === 'offline') devices.set(t.deviceName || t.name, t);
        for (const [device] of devices) hold(`${rule.id}|${device}`, rule, device, `${device} went offline`);
        continue;
      }
      const targets = rule.tile === '*' ? tiles : tiles.filter((t) => t.id === rule.tile);
      for (const t of targets) {
        const key = `${rule.id}|${t.id}`;
        const label = t.deviceName && !t.name.includes(t.deviceName) ? `${t.deviceName} ${t.name}` : t.name;
        if (rule.kind === 'offline' && t.presence === 'offline') hold(key, rule, label, `${label} went offline`);
        else if (rule.kind === 'above' && t.number !== null && t.number > rule.threshold) hold(key, rule, label, `${label} is ${fmt(t.number)}${t.unit ? ` ${t.unit}` : ''}, above ${fmt(rule.threshold)}`);
        else if (rule.kind === 'below' && t.number !== null && t.number < rule.threshold) hold(key, rule, label, `${label} is ${fmt(t.number)}${t.unit ? ` ${t.unit}` : ''}, below ${fmt(rule.threshold)}`);
        else if (rule.kind === 'silent' && t.at > 0 && now - t.at >= rule.forSec * 1000) {
          // the silence is the duration: raised at once when it is long enough
          holding.add(key);
          this.since.set(key, now - rule.forSec * 1000);
          if (!this.open.has(key)) {
            const event: AlertEvent = { key, ruleId: rule.id, subject: label, text: `${label}: no message for ${Math.round((now - t.at) / 1000)} s`, at: now, endedAt: null };
            this.open.set(key, event);
            this.events.unshift(event);
            if (this.events.length > MAX_ALERT_EVENTS) this.events.pop();
            raised.push(event);
          }
        }
      }
    }
    for (const key of [...this.since.keys()]) {
      if (holding.has(key)) continue;
      this.since.delete(key);
      const event = this.open.get(key);
      if (event) {
        event.endedAt = now;
        this.open.delete(key);
        this.rev++;
      }
    }
    if (raised.length) this.rev++;
    return raised;
  }

  /** Alerts holding now. */
  active(): AlertEvent[] {
    return this.events.filter((e) => e.endedAt === null);
  }

  clear(): void {
    this.events.length = 0;
    this.since.clear();
    this.open.clear();
    this.rev++;
  }
}
