/**
 * Rule C9 of connection.ts: any received packet proves the link alive. The link is declared lost only after
 * {@link KEEPALIVE_LOSS_FACTOR} x the keep-alive without receiving anything, and a PINGREQ goes out when
 * nothing arrived for one keep-alive. Per received packet it costs one clock read.
 */
import type { TimerHandle, Timers } from './timers';

/** The link is lost after this many keep-alives of silence. */
export const KEEPALIVE_LOSS_FACTOR = 1.5;

export class KeepaliveWatchdog {
  private lastReceivedAt: number;
  private pingSinceReceive = false;
  private timer: TimerHandle | null = null;

  constructor(
    private readonly timers: Timers,
    private readonly keepaliveMs: number,
    private readonly hooks: { sendPing(): void; lost(silentMs: number): void },
  ) {
    this.lastReceivedAt = timers.now();
    if (keepaliveMs > 0) this.timer = timers.setTimeout(this.check, keepaliveMs);
  }

  /** A packet arrived. */
  received(): void {
    this.lastReceivedAt = this.timers.now();
    this.pingSinceReceive = false;
  }

  stop(): void {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
  }

  private readonly check = (): void => {
    this.timer = null;
    const k = this.keepaliveMs;
    const silentMs = this.timers.now() - this.lastReceivedAt;
    if (silentMs >= k * KEEPALIVE_LOSS_FACTOR) return this.hooks.lost(silentMs);
    if (silentMs >= k && !this.pingSinceReceive) {
      this.pingSinceReceive = true;
      this.hooks.sendPing();
    }
    const due = silentMs >= k ? k * KEEPALIVE_LOSS_FACTOR : k;
    this.timer = this.timers.setTimeout(this.check, Math.max(1, due - silentMs));
  };
}
