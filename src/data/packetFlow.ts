/**
 * The exchange a packet belongs to, for the flow view: PUBLISH -> PUBACK, PUBLISH -> PUBREC -> PUBREL ->
 * PUBCOMP, SUBSCRIBE -> SUBACK, UNSUBSCRIBE -> UNSUBACK, PINGREQ -> PINGRESP, CONNECT -> CONNACK.
 * Packet identifiers are reused, so the exchange is found by walking from its first packet, in order.
 */
import { headerOf, PACKET_TYPES } from '../mqtt/inspect/header';
import type { RingBuffer } from '../mqtt/ringBuffer';
import type { CapturedPacket, Direction } from './packetCapture';

/** Packets searched around the selected one. */
const FLOW_SEARCH_LIMIT = 5_000;

export interface FlowStep {
  seq: number;
  packet: CapturedPacket;
  type: number;
}

const { PUBLISH, PUBACK, PUBREC, PUBREL, PUBCOMP, SUBSCRIBE, SUBACK, UNSUBSCRIBE, UNSUBACK, PINGREQ, PINGRESP, CONNECT, CONNACK } = PACKET_TYPES;

const typeOf = (p: CapturedPacket) => headerOf(p.bytes).type;
const idOf = (p: CapturedPacket): number | null => headerOf(p.bytes).packetId;
const qosOf = (p: CapturedPacket) => headerOf(p.bytes).qos;

const opposite = (d: Direction): Direction => (d === 'out' ? 'in' : 'out');

/** The expected steps after a first packet: [type, direction relative to the first]. */
function script(first: CapturedPacket): Array<[number, 'same' | 'opposite']> {
  switch (typeOf(first)) {
    case PUBLISH: {
      const qos = qosOf(first);
      if (qos === 1) return [[PUBACK, 'opposite']];
      if (qos === 2) return [[PUBREC, 'opposite'], [PUBREL, 'same'], [PUBCOMP, 'opposite']];
      return [];
    }
    case SUBSCRIBE:
      return [[SUBACK, 'opposite']];
    case UNSUBSCRIBE:
      return [[UNSUBACK, 'opposite']];
    case PINGREQ:
      return [[PINGRESP, 'opposite']];
    case CONNECT:
      return [[CONNACK, 'opposite']];
    default:
      return [];
  }
}

const STARTERS = new Set<number>([PUBLISH, SUBSCRIBE, UNSUBSCRIBE, PINGREQ, CONNECT]);
const ANSWER_TO: Record<number, readonly number[]> = {
  [PUBACK]: [PUBLISH],
  [PUBREC]: [PUBLISH],
  [PUBREL]: [PUBLISH],
  [PUBCOMP]: [PUBLISH],
  [SUBACK]: [SUBSCRIBE],
  [UNSUBACK]: [UNSUBSCRIBE],
  [PINGRESP]: [PINGREQ],
  [CONNACK]: [CONNECT],
};

/** The exchange the packet at absolute index `seq` is part of, in order; just that packet if none. */
export function packetFlow(ring: RingBuffer<CapturedPacket>, seq: number): FlowStep[] {
  const selected = ring.atAbsolute(seq);
  if (!selected) return [];
  const type = typeOf(selected);
  const id = idOf(selected);
  // Find the first packet of the exchange: the selected one, or the nearest earlier starter it answers.
  let startSeq = seq;
  if (!STARTERS.has(type)) {
    const starters = ANSWER_TO[type] ?? [];
    // PUBREL travels the way the PUBLISH did; every other answer travels the other way.
    const starterDirection = type === PUBREL ? selected.direction : opposite(selected.direction);
    const wantQos = type === PUBACK ? 1 : type === PUBREC || type === PUBREL || type === PUBCOMP ? 2 : null;
    startSeq = -1;
    for (let s = seq - 1; s >= Math.max(ring.firstIndex, seq - FLOW_SEARCH_LIMIT); s--) {
      const p = ring.atAbsolute(s);
      if (!p || !starters.includes(typeOf(p)) || p.direction !== starterDirection) continue;
      if (wantQos !== null && qosOf(p) !== wantQos) continue;
      if (id !== null && idOf(p) !== id) continue;
      startSeq = s;
      break;
    }
    if (startSeq < 0) return [{ seq, packet: selected, type }];
  }
  const first = ring.atAbsolute(startSeq) as CapturedPacket;
  const firstId = idOf(first);
  const steps: FlowStep[] = [{ seq: startSeq, packet: first, type: typeOf(first) }];
  const expected = script(first);
  let s = startSeq + 1;
  for (const [wantType, side] of expected) {
    const wantDirection = side === 'same' ? first.direction : opposite(first.direction);
    let found = false;
    for (; s < Math.min(ring.pushed, startSeq + FLOW_SEARCH_LIMIT); s++) {
      const p = ring.atAbsolute(s);
      if (!p || typeOf(p) !== wantType || p.direction !== wantDirection) continue;
      if (firstId !== null && idOf(p) !== firstId) continue;
      steps.push({ seq: s, packet: p, type: wantType });
      s++;
      found = true;
      break;
    }
    if (!found) break;
  }
  return steps;
}

