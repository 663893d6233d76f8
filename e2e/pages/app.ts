/** The app as a person sees it: found by roles and labels, never by CSS. */
import { expect, type Locator, type Page } from '@playwright/test';

export interface OpenOptions {
  broker?: string;
  subscribe?: string[];
  connect?: boolean;
  version?: '3.1.1' | '5';
  qos?: 0 | 1 | 2;
}

export class AppPage {
  constructor(readonly page: Page) {}

  async open(options: OpenOptions = {}): Promise<void> {
    const url = new URL(process.env.MQTTSCOPE_APP_URL ?? 'http://127.0.0.1:4173/');
    if (options.broker) url.searchParams.set('broker', options.broker);
    for (const filter of options.subscribe ?? []) url.searchParams.append('subscribe', filter);
    if (options.connect) url.searchParams.set('connect', '1');
    if (options.version) url.searchParams.set('version', options.version);
    if (options.qos !== undefined) url.searchParams.set('qos', String(options.qos));
    await this.page.goto(url.toString());
  }

  get status(): Locator {
    return this.page.getByRole('status');
  }

  get connection(): Locator {
    return this.page.getByRole('region', { name: 'Connection' });
  }

  get subscriptions(): Locator {
    return this.page.getByRole('region', { name: 'Subscriptions' });
  }

  get messages(): Locator {
    return this.page.getByRole('region', { name: 'Messages' });
  }

  get publishPanel(): Locator {
    return this.page.getByRole('region', { name: 'Publish' });
  }

  get statusBar(): Locator {
    return this.page.getByRole('region', { name: 'Status bar' });
  }

  /** Opens a new connection profile, fills the form and connects. */
  async connectTo(url: string, options: { username?: string; password?: string; version?: '3.1.1' | '5.0'; clientId?: string } = {}): Promise<void> {
    await this.page.getByRole('button', { name: '+ New connection' }).click();
    await this.connection.getByLabel('Broker URL').fill(url);
    if (options.clientId) await this.connection.getByLabel('Client ID').fill(options.clientId);
    if (options.username) await this.connection.getByLabel('Username').fill(options.username);
    if (options.password) await this.connection.getByLabel('Password', { exact: true }).fill(options.password);
    if (options.version) await this.connection.getByLabel('MQTT version').selectOption({ label: `MQTT ${options.version}` });
    await this.connection.getByRole('button', { name: 'Connect', exact: true }).click();
  }

  async expectConnected(): Promise<void> {
    await expect(this.status).toHaveText(/^Connected/);
  }

  async subscribe(filter: string, qos: 0 | 1 | 2 = 0): Promise<void> {
    await this.subscriptions.getByLabel('Topic filter').fill(filter);
    await this.subscriptions.getByLabel('QoS', { exact: true }).selectOption(String(qos));
    await this.subscriptions.getByRole('button', { name: 'Subscribe', exact: true }).click();
  }

  /** The subscription's row in the list, named "<filter>: <what the broker said>". */
  subscription(filter: string): Locator {
    return this.subscriptions.getByRole('listitem', { name: new RegExp(`^${escapeRegExp(filter)}:`) });
  }

  /** Message rows whose text contains `text` (topic or payload). */
  messageRows(text?: string | RegExp): Locator {
    const rows = this.messages.getByRole('row').filter({ hasNot: this.page.getByRole('columnheader') });
    return text === undefined ? rows : rows.filter({ hasText: text });
  }

  async publish(topic: string, payload: string, options: { qos?: 0 | 1 | 2; retain?: boolean } = {}): Promise<void> {
    const panel = this.publishPanel;
    await panel.getByLabel('Topic').fill(topic);
    await panel.getByLabel('Payload').fill(payload);
    await panel.getByRole('radiogroup', { name: 'QoS' }).getByLabel(String(options.qos ?? 0)).check();
    const retain = panel.getByLabel('Retain');
    if (options.retain) await retain.check();
    else await retain.uncheck();
    await panel.getByRole('button', { name: 'Publish', exact: true }).click();
  }
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
