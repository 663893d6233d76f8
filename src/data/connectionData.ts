/**
 * Everything the dashboard keeps of one connection's stream: the message log and the topic tree.
 * Filled by the ingest path once per batch; read by views when the live store's revision changes.
 */
import type { ReceivedMessage } from '../mqtt/types';
import { ChartData } from './charts';
import type { RestoredHistory } from './history/historyKeeper';
import { AlertMonitor } from './home/alerts';
import { HomeData } from './home/homeData';
import { DeviceTracker } from './devices';
import { MessageLog } from './messageLog';
import { PacketCapture } from './packetCapture';
import { SentLog } from './sentLog';
import { TopicTree } from './topicTree';

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
  /** Retained messages received on this connection so far (a hint when a broker sends none to wildcards). */
  retainedReceived = 0;
  /** What a reload brought back from the browser's history (null: nothing). */
  history: RestoredHistory | null = null;

  constructor() {
    this.home.lastOf = (topic) => this.topics.get(topic)?.last ?? undefined;
  }

  ingest(message: ReceivedMessage): void {
    if (message.retain) this.retainedReceived++;
    this.log.append(message);
    this.topics.add(message);
    this.devices.ingest(message);
    this.charts.ingest(message);
    this.home.ingest(message);
  }
}
