/**
 * Replays recorded messages into a broker: at their recorded pace (1x), ten times faster, or as fast as
 * the connection takes them, in recorded order, with a topic prefix replaced. Pages of messages come from
 * a reader, so a long recording is never all in memory.
 */
import type { Timers } from '../../mqtt/timers';
import type { ChunkMessage } from './chunks';

export type ReplaySpeed = 1 | 10 | 'max';

/** A message to replay: what a recording holds of it. */
export type ReplayMessage = Omit<ChunkMessage, 'dup'>;

export interface ReplayProgress {
  sent: number;
  total: number;
  done: boolean;
  /** Why it stopped early. */
  error?: string;
}

export interface ReplayOptions {
  total: number;
  /** Messages with seq in [from, from + limit), oldest first. */
  read(from: number, limit: number): Promise<ReplayMessage[]>;
  /** Publishes; returns why not (the connection is down), or null. */
  publish(message: ReplayMessage): string | null;
  speed: ReplaySpeed;
  /** Topics starting with `from` get `to` instead (from '' puts `to` in front of every topic). */
  prefix: { from: string; to: string };
  timers: Timers;
  onProgress(progress: ReplayProgress): void;
}

const PAGE = 500;
/** At 'max', messages published before yielding to the page. */
const MAX_BURST = 200;

/** The topic with prefix `from` replaced by `to` (unchanged when it does not start with `from`). */
export function remapTopic(topic: string, from: string, to: string): string {
  return topic.startsWith(from) ? to + topic.slice(from.length) : topic;
}

/** Starts a replay; returns a function that stops it. */
export function startReplay(options: ReplayOptions): () => void {
  let stopped = false;
  const sleep = (ms: number) => new Promise<void>((resolve) => options.timers.setTimeout(resolve, ms));
  void (async () => {
    let sent = 0;
    let first: number | null = null;
    const startedAt = options.timers.now();
    try {
      for (let from = 0; from < options.total && !stopped; from += PAGE) {
        const page = await options.read(from, PAGE);
        if (page.length === 0) break;
        for (const m of page) {
          if (stopped) return;
          first ??= m.at;
          if (options.speed === 'max') {
            if (sent % MAX_BURST === MAX_BURST - 1) await sleep(0);
          } else {
            const due = startedAt + (m.at - first) / options.speed;
            const wait = due - options.timers.now();
            if (wait > 0) await sleep(wait);
          }
          if (stopped) return;
          const fault = options.publish({ ...m, topic: remapTopic(m.topic, options.prefix.from, options.prefix.to) });
          if (fault) {
            options.onProgress({ sent, total: options.total, done: true, error: fault });
            return;
          }
          sent++;
          if (sent % 50 === 0) options.onProgress({ sent, total: options.total, done: false });
        }
      }
      options.onProgress({ sent, total: options.total, done: true, ...(stopped ? { error: 'Stopped.' } : {}) });
    } catch (error) {
      options.onProgress({ sent, total: options.total, done: true, error: error instanceof Error ? error.message : String(error) });
    }
  })();
  return () => {
    stopped = true;
  };
}
