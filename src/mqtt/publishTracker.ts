/**
 * Proof of delivery: follows each publish through its packets, with times.
 *   QoS 0: PUBLISH
 *   QoS 1: PUBLISH -> PUBACK (reason code on MQTT 5)
 *   QoS 2: PUBLISH -> PUBREC -> PUBREL -> PUBCOMP
 * Publishes are matched to their PUBLISH packets in the order they were handed to the client (mqtt.js
 * sends them in that order), and to acknowledgements by packet identifier.
 */
import type { SuggestedFix } from './connectionStatus';
import type { PublishProperties, QoS } from './types';
import { describeReasonCode, isFailureCode } from './reasonCodes';

/** A publish not acknowledged within this time is marked as unanswered (it may still complete). */
export const PUBLISH_ACK_TIMEOUT_MS = 10_000;

export type PublishStepKind = 'PUBLISH' | 'PUBACK' | 'PUBREC' | 'PUBREL' | 'PUBCOMP';

export interface PublishStep {
  kind: PublishStepKind;
  /** ms since the epoch */
  at: number;
  reasonCode?: number;
  /** A re-sent PUBLISH (after a reconnect). */
  dup?: boolean;
}

export type PublishOutcome = 'sending' | 'sent' | 'acknowledged' | 'refused' | 'unanswered' | 'failed';

export interface PublishRequest {
  topic: string;
  payload: Uint8Array | string;
  qos: QoS;
  retain: boolean;
  properties?: PublishProperties;
}

export interface PublishRecord {
  /** Local number, unique per connection. */
  id: number;
  request: PublishRequest;
  size: number;
  packetId?: number;
  startedAt: number;
  steps: PublishStep[];
  outcome: PublishOutcome;
  /** Words for the outcome: a reason code, an error. */
  detail?: string;
  /** What would get it through: publish at QoS 1 where the broker does not take QoS 2. */
  fix?: SuggestedFix;
}

/**
 * When packets cross the wire, on the clock the Inspector's capture uses, so that the Sent list and the
 * Inspector show one time for one packet.
 */
export interface WireClock {
  /** Now: dates a new publish. */
  now(): number;
  /** The time of the packet being received (when its frame arrived). */
  received(): number;
  /** A packet is being sent: returns a time now, and calls `settle` with its frame's time if that comes later. */
  sending(settle: (at: number) => void): number;
}

/** The packets the tracker reads (mqtt-packet's shapes, narrowed). */
export interface TrackedPacket {
  cmd: string;
  messageId?: number;
  topic?: string;
  qos?: number;
  dup?: boolean;
  reasonCode?: number;
}

export class PublishTracker {
  private nextId = 1;
  /** Handed to the client, PUBLISH not yet written. */
  private readonly queued: PublishRecord[] = [];
  /** QoS 1 and 2 publishes awaiting acknowledgement, by packet id. */
  private readonly inflight = new Map<number, PublishRecord>();

  constructor(
    private readonly clock: WireClock,
    private readonly onChange: (record: PublishRecord) => void,
  ) {}

  private now(): number {
    return this.clock.now();
  }

  /** A step for a packet being sent: timed now, then again when its frame leaves. */
  private sentStep(record: PublishRecord, kind: PublishStepKind, dup = false): PublishStep {
    const step: PublishStep = { kind, at: 0, ...(dup ? { dup: true } : {}) };
    step.at = this.clock.sending((at) => {
      step.at = at;
      this.onChange(record);
    });
    return step;
  }

  begin(request: PublishRequest): PublishRecord {
    const size = typeof request.payload === 'string' ? new TextEncoder().encode(request.payload).byteLength : request.payload.byteLength;
    const record: PublishRecord = { id: this.nextId++, request, size, startedAt: this.now(), steps: [], outcome: 'sending' };
    this.queued.push(record);
    this.onChange(record);
    return record;
  }

  packetSent(packet: TrackedPacket): void {
    if (packet.cmd === 'publish') {
      if (packet.dup && packet.messageId !== undefined) {
        const record = this.inflight.get(packet.messageId);
        if (record) this.step(record, this.sentStep(record, 'PUBLISH', true));
        return;
      }
      const index = this.queued.findIndex((r) => r.request.topic === packet.topic && r.request.qos === packet.qos);
      if (index < 0) return; // not ours (a will, or a client used directly)
      const [record] = this.queued.splice(index, 1) as [PublishRecord];
      if (packet.messageId !== undefined && record.request.qos > 0) {
        record.packetId = packet.messageId;
        this.inflight.set(packet.messageId, record);
      }
      if (record.request.qos === 0) record.outcome = 'sent';
      this.step(record, this.sentStep(record, 'PUBLISH'));
    } else if (packet.cmd === 'pubrel' && packet.messageId !== undefined) {
      const record = this.inflight.get(packet.messageId);
      if (record) this.step(record, this.sentStep(record, 'PUBREL'));
    }
  }

  packetReceived(packet: TrackedPacket): void {
    if (packet.messageId === undefined) return;
    const kind = ({ puback: 'PUBACK', pubrec: 'PUBREC', pubcomp: 'PUBCOMP' } as const)[packet.cmd as 'puback' | 'pubrec' | 'pubcomp'];
    if (!kind) return;
    const record = this.inflight.get(packet.messageId);
    if (!record) return;
    const step: PublishStep = { kind, at: this.clock.received() };
    if (packet.reasonCode !== undefined) step.reasonCode = packet.reasonCode;
    const refused = packet.reasonCode !== undefined && isFailureCode(packet.reasonCode);
    if (refused) {
      record.outcome = 'refused';
      record.detail = describeReasonCode(packet.reasonCode as number);
      this.inflight.delete(packet.messageId);
    } else if (kind === 'PUBACK' || kind === 'PUBCOMP') {
      record.outcome = 'acknowledged';
      if (packet.reasonCode === 0x10) record.detail = describeReasonCode(0x10);
      else if (kind === 'PUBACK' && record.request.qos === 2) {
        // RabbitMQ does this: it takes QoS 2 publishes as QoS 1
        record.detail = 'The broker answered this QoS 2 publish with PUBACK: it handled it as QoS 1 (at least once, not exactly once). RabbitMQ does this.';
      } else delete record.detail;
      this.inflight.delete(packet.messageId);
    }
    this.step(record, step);
  }

  /** The client gave up on a publish (connection closed with a clean session, or an error). */
  failed(record: PublishRecord, reason: string): void {
    if (record.outcome === 'acknowledged' || record.outcome === 'refused') return;
    const queuedAt = this.queued.indexOf(record);
    if (queuedAt >= 0) this.queued.splice(queuedAt, 1);
    if (record.packetId !== undefined) this.inflight.delete(record.packetId);
    record.outcome = 'failed';
    record.detail = reason;
    this.onChange(record);
  }

  /** The broker dropped the connection over this in-flight publish: it will not be answered. */
  failByPacketId(packetId: number, reason: string, fix?: SuggestedFix): void {
    const record = this.inflight.get(packetId);
    if (!record) return;
    if (fix) record.fix = fix;
    this.failed(record, reason);
  }

  /** Marks publishes left without an answer for too long (they can still complete later). */
  checkTimeouts(now: number): void {
    for (const record of [...this.inflight.values(), ...this.queued]) {
      if (record.outcome === 'sending' && now - record.startedAt > PUBLISH_ACK_TIMEOUT_MS) {
        record.outcome = 'unanswered';
        record.detail = `No ${record.request.qos === 2 ? 'PUBCOMP' : record.request.qos === 1 ? 'PUBACK' : 'write'} after ${PUBLISH_ACK_TIMEOUT_MS / 1000} s`;
        this.onChange(record);
      }
    }
  }

  private step(record: PublishRecord, step: PublishStep): void {
    record.steps.push(step);
    if (record.outcome === 'unanswered' && (step.kind === 'PUBACK' || step.kind === 'PUBCOMP')) record.outcome = 'acknowledged';
    this.onChange(record);
  }
}
