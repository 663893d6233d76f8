/**
 * Everything the dashboard keeps of one connection's stream: the message log and the topic tree.
 * Filled by the ingest path once per batch; read by views when the live store's revision changes.
 */
import type { ReceivedMessage } from '../mqtt/types';
import { BrokerHealth } from './brokerHealth';
import { ChartData } from './charts';
import { PayloadDecoders, type DecoderSettings } from './decoders/payloadDecoders';
import type { RestoredHistory } from './history/historyKeeper';
import { AlertMonitor } from './home/alerts';
import { HomeData } from './home/homeData';
import { DeviceTracker } from './devices';
import { MessageLog } from './messageLog';
import { PacketCapture } from './packetCapture';
import { SentLog } from './sentLog';
import { TopicTree } from './topicTree';

/** Messages held at most while the decoders load. */
export const MAX_WAITING = 50_000;

export class ConnectionData {
  readonly log = new MessageLog();
  readonly topics = new TopicTree();
  readonly sent = new SentLog();
  readonly devices = new DeviceTracker();
  readonly packets = new PacketCapture();
  readonly charts = new ChartData();
  /** Discovery configs and the values the Home view shows. */
  readonly home = new HomeData();
  readonly alerts = new AlertMonitor();
  /** $SYS figures and the busiest topics of the last minute. */
  readonly broker = new BrokerHealth();
  /** Retained messages received on this connection so far (a hint when a broker sends none to wildcards). */
  retainedReceived = 0;
  /** What a reload brought back from the browser's history (null: nothing). */
  history: RestoredHistory | null = null;
  /** Binary payload decoders by topic (Sparkplug B, protobuf, CBOR, MessagePack). */
  readonly decoders = new PayloadDecoders();
  /**
   * Messages waiting, in order, for the decoders to load: once one waits, every later one waits behind it,
   * so nothing is read out of order (a Sparkplug DDATA before the NBIRTH naming its metrics).
   */
  private readonly waiting: ReceivedMessage[] = [];
  /** Called when waiting messages went in (the views have news). */
  onLateIngest: (() => void) | null = null;

  constructor() {
    this.home.lastOf = (topic) => this.topics.get(topic)?.last ?? undefined;
    this.decoders.onReady = () => {
      const waiting = this.waiting.splice(0);
      for (const message of waiting) this.ingestNow(message);
      if (waiting.length) this.onLateIngest?.();
    };
  }

  /** Messages held until the decoders load. */
  get waitingCount(): number {
    return this.waiting.length;
  }

  /**
   * The decoder rules. When they changed, every kept message is decoded again, in order, and the devices
   * and chart lines are rebuilt from them. Returns a promise for when that is done.
   */
  async setDecoders(settings: DecoderSettings): Promise<boolean> {
    if (!this.decoders.setSettings(settings)) return false;
    await this.decoders.load();
    this.decoders.restart();
    const kept = this.log.ring.toArray();
    for (const message of kept) {
      const decoded = this.decoders.decode(message);
      if (decoded) message.decoded = decoded;
      else delete message.decoded;
    }
    this.devices.rebuild(kept);
    this.charts.rebuild(kept);
    return true;
  }

  ingest(message: ReceivedMessage): void {
    if (this.waiting.length > 0 || this.decoders.mustWait(message.topic)) {
      this.waiting.push(message);
      // bounded: decoders that take this long to load let the oldest through, marked not decoded
      if (this.waiting.length > MAX_WAITING) this.ingestNow(this.waiting.shift() as ReceivedMessage);
      return;
    }
    this.ingestNow(message);
  }

  private ingestNow(message: ReceivedMessage): void {
    const decoded = this.decoders.decode(message);
    if (decoded) message.decoded = decoded;
    if (message.retain) this.retainedReceived++;
    this.log.append(message);
    this.topics.add(message);
    this.devices.ingest(message);
    this.charts.ingest(message);
    this.home.ingest(message);
    this.broker.ingest(message);
  }
}
