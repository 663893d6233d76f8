/**
 * Rule C9 of connection.ts: any received packet proves the link alive. The link is declared lost only after
 * {@link KEEPALIVE_LOSS_FACTOR} x the keep-alive without receiving anything. A PINGREQ goes out when nothing
 * arrived for one keep-alive, and whenever nothing was sent for one keep-alive: MQTT makes the client
 * responsible for the broker hearing from it at least that often, and a broker drops a client silent for
 * 1.5 keep-alives even while it floods that client with messages. Per packet it costs one clock read.
 */
import type { TimerHandle, Timers } from './timers';

/** The link is lost after this many keep-alives of silence. */
export const KEEPALIVE_LOSS_FACTOR = 1.5;

export class KeepaliveWatchdog {
  private lastReceivedAt: number;
  private lastSentAt: number;
  private pingSinceReceive = false;
  private timer: TimerHandle | null = null;

  constructor(
    private readonly timers: Timers,
    private readonly keepaliveMs: number,
    private readonly hooks: { sendPing(): void; lost(silentMs: number): void },
  ) {
    this.lastReceivedAt = timers.now();
    this.lastSentAt = this.lastReceivedAt;
    if (keepaliveMs > 0) this.timer = timers.setTimeout(this.check, keepaliveMs);
  }

  /** A packet arrived. */
  received(): void {
    this.lastReceivedAt = this.timers.now();
    this.pingSinceReceive = false;
  }

  /** A packet went out. */
  sent(): void {
    this.lastSentAt = this.timers.now();
  }

  stop(): void {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
  }

  private readonly check = (): void => {
    this.timer = null;
    const k = this.keepaliveMs;
    const now = this.timers.now();
    const silentIn = now - this.lastReceivedAt;
    if (silentIn >= k * KEEPALIVE_LOSS_FACTOR) return this.hooks.lost(silentIn);
    const quietIn = silentIn >= k && !this.pingSinceReceive;
    if (quietIn || now - this.lastSentAt >= k) {
      this.pingSinceReceive = true;
      this.lastSentAt = now; // the ping (announced by the client as sent too)
      this.hooks.sendPing();
    }
    const dueIn = silentIn >= k ? k * KEEPALIVE_LOSS_FACTOR - silentIn : k - silentIn;
    const dueOut = k - (this.timers.now() - this.lastSentAt);
    this.timer = this.timers.setTimeout(this.check, Math.max(1, Math.min(dueIn, dueOut)));
  };
}
