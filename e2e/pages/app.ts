/** The app as a person sees it: found by roles and labels, never by CSS. */
import { expect, type Locator, type Page } from '@playwright/test';

export interface ConnectOptions {
  name?: string;
  username?: string;
  password?: string;
  version?: '3.1.1' | '5.0';
  clientId?: string;
  clean?: boolean;
  /** Keep-alive in seconds. */
  keepalive?: number;
  will?: { topic: string; payload: string; qos?: 0 | 1 | 2; retain?: boolean };
}

export interface OpenOptions {
  broker?: string;
  subscribe?: string[];
  connect?: boolean;
  version?: '3.1.1' | '5';
  qos?: 0 | 1 | 2;
  /** The view shown first (?view=). */
  view?: 'topics' | 'charts' | 'devices' | 'inspector' | 'history';
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
    if (options.view) url.searchParams.set('view', options.view);
    await this.page.goto(url.toString());
  }

  /** Keeps the connection a launch link opened (links open unsaved connections, never changing saved ones). */
  async saveConnection(): Promise<void> {
    await this.connection.getByRole('button', { name: 'Save connection' }).click();
    await expect(this.connection.getByRole('button', { name: 'Save connection' })).toHaveCount(0);
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
  async connectTo(url: string, options: ConnectOptions = {}): Promise<void> {
    await this.page.getByRole('button', { name: '+ New connection' }).click();
    await this.fillConnection(url, options);
    await this.connection.getByRole('button', { name: 'Connect', exact: true }).click();
  }

  /** Fills the open connection's form. */
  async fillConnection(url: string, options: ConnectOptions = {}): Promise<void> {
    const c = this.connection;
    if (options.name) await c.getByLabel('Name', { exact: true }).fill(options.name);
    await c.getByLabel('Broker URL').fill(url);
    if (options.clientId) await c.getByLabel('Client ID', { exact: true }).fill(options.clientId);
    if (options.username) await c.getByLabel('Username').fill(options.username);
    if (options.password) await c.getByLabel('Password', { exact: true }).fill(options.password);
    if (options.version) await c.getByLabel('MQTT version').selectOption({ label: `MQTT ${options.version}` });
    if (options.clean === false) await c.getByLabel(options.version === '5.0' ? 'Clean start' : 'Clean session').uncheck();
    if (options.keepalive !== undefined) {
      const field = c.getByLabel('Keep-alive (s)');
      if (!(await field.isVisible())) await c.getByText('Session, keep-alive and reconnect').click();
      await field.fill(String(options.keepalive));
      await field.blur();
    }
    if (options.will) {
      await c.getByLabel('Send a last will').check();
      await c.getByLabel('Will topic').fill(options.will.topic);
      await c.getByLabel('Will payload').fill(options.will.payload);
      await c.getByLabel('Will QoS').selectOption(String(options.will.qos ?? 0));
      if (options.will.retain) await c.getByLabel('Retain the will').check();
    }
  }

  /** Shows the selected connection's settings form, opening it only when it is collapsed. */
  async showSettings(): Promise<void> {
    const form = this.connection.getByRole('form', { name: 'Connection settings' });
    if (await form.isVisible()) return;
    await this.connection.getByRole('button', { name: 'Connection settings' }).click();
    await expect(form).toBeVisible();
  }

  /** Switches to a connection's tab in the sidebar. */
  async selectConnection(name: string | RegExp): Promise<void> {
    await this.page.getByRole('navigation', { name: 'Connections' }).getByRole('tab', { name }).click();
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

  /** Opens the publish panel where it is behind its button (narrow windows, class mode); true if it did. */
  async openPublish(): Promise<boolean> {
    if (await this.publishPanel.isVisible()) return false;
    await this.page.getByRole('button', { name: 'Publish', exact: true, pressed: false }).click();
    await expect(this.publishPanel).toBeVisible();
    return true;
  }

  /** Closes the publish drawer. */
  async closePublish(): Promise<void> {
    await this.page.getByRole('button', { name: 'Close publish panel' }).click();
  }

  /** Chooses one of the connection's actions (Duplicate, Export, Delete) from its menu. */
  async connectionAction(name: 'Duplicate' | 'Export' | 'Delete'): Promise<void> {
    await this.connection.getByRole('button', { name: 'Connection actions' }).click();
    await this.page.getByRole('menuitem', { name, exact: true }).click();
  }

  /** Shows a view, from the tab row or the "More views" menu where it did not fit. */
  async showView(name: 'Home' | 'Messages' | 'Topics' | 'Charts' | 'Devices' | 'Inspector' | 'Discovery' | 'History' | 'Retained' | 'Broker' | 'Lessons'): Promise<void> {
    const tab = this.page.getByRole('tablist', { name: 'Views' }).getByRole('tab', { name, exact: true });
    if (await tab.isVisible()) return tab.click();
    await this.page.getByRole('button', { name: 'More views' }).click();
    await this.page.getByRole('menuitem', { name, exact: true }).click();
  }

  /** Publishes from the publish panel (opening its drawer, and closing it again, where it is one). */
  async publish(topic: string, payload: string, options: { qos?: 0 | 1 | 2; retain?: boolean } = {}): Promise<void> {
    const opened = await this.openPublish();
    const panel = this.publishPanel;
    await panel.getByLabel('Topic', { exact: true }).fill(topic);
    await panel.getByLabel('Payload', { exact: true }).fill(payload);
    await panel.getByRole('radiogroup', { name: 'QoS' }).getByLabel(String(options.qos ?? 0)).check();
    const retain = panel.getByLabel('Retain', { exact: true });
    if (options.retain) await retain.check();
    else await retain.uncheck();
    await panel.getByRole('button', { name: 'Publish', exact: true }).click();
    if (opened) await this.closePublish();
  }
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
