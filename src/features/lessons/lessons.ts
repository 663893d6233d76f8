// (Over 300 lines: the course, lesson by lesson; each step's text sits beside the code that does it.)
/**
 * The lessons: one per concept of an IoT protocols course. Each is a short text and steps that do the
 * thing live on the connected broker, then say what happened from the packets that crossed the wire, and
 * where to look.
 */
import { describe, pings, publishFlow, remainingLengthBytes, websocketFrameHeader, type SeenPacket } from '../../data/lessons/observe';
import { registryExchange } from '../../data/registryClient';
import { coapUint, encodeCoap } from '../../mqtt/inspect/coap';
import type { PacketField } from '../../mqtt/inspect/decode';
import { hexByte, toHex } from '../../mqtt/payload';
import type { QoS } from '../../mqtt/types';
import { payloadText, type LessonRunner, type StepResult } from './lessonRunner';

export interface LessonStep {
  title: string;
  /** What the step does and why. */
  say: string;
  /** Where to look while it runs. */
  look: string;
  run(r: LessonRunner): Promise<StepResult>;
}

export interface Lesson {
  id: string;
  title: string;
  intro: string[];
  steps: LessonStep[];
}

/** The first field named `name`, at any depth. */
function fieldNamed(fields: readonly PacketField[], name: string): PacketField | undefined {
  for (const f of fields) {
    if (f.name === name) return f;
    const inner = f.children ? fieldNamed(f.children, name) : undefined;
    if (inner) return inner;
  }
  return undefined;
}

const hex = (bytes: Uint8Array, max = 16) => toHex(bytes, max) + (bytes.byteLength > max ? ' …' : '');
const utf8 = new TextDecoder();
const ms = (n: number) => `${Math.round(n).toLocaleString('en')} ms`;
const seconds = (n: number) => `${(n / 1000).toFixed(1)} s`;

/** The flow of one PUBLISH as lines, and the names in order. */
function flowLines(flow: SeenPacket[]): string[] {
  const start = flow[0]?.at ?? 0;
  return flow.map((p, i) => `${i + 1}. ${describe(p)}${i ? ` +${ms(p.at - start)}` : ''}`);
}

const FLOW_WORDS: Record<QoS, string> = {
  0: 'QoS 0, at most once: one PUBLISH and nothing back. Fast, and lost if anything fails on the way.',
  1: 'QoS 1, at least once: PUBLISH, answered by PUBACK. Until the PUBACK comes the sender keeps the message and sends it again (DUP set) after a reconnect, so a receiver may see it twice.',
  2: 'QoS 2, exactly once: PUBLISH, PUBREC (received), PUBREL (release), PUBCOMP (complete). Four packets, two round trips: the receiver keeps the packet id until PUBREL, so a repeat is recognised and not delivered again.',
};

function qosLesson(qos: QoS): Lesson {
  const clientId = `mqttscope-lesson-sub-${Math.random().toString(16).slice(2, 6)}`;
  const topic = (r: LessonRunner) => `${r.base}/qos${qos}/reading`;
  return {
    id: `qos${qos}`,
    title: `QoS ${qos}: ${qos === 0 ? 'at most once' : qos === 1 ? 'at least once' : 'exactly once'}`,
    intro: [
      FLOW_WORDS[qos],
      'QoS is agreed per hop: publisher to broker, then broker to each subscriber, at the lower of the QoS published and the QoS subscribed. This lesson publishes from this page and receives on the demo device, which keeps a persistent session (clean session off), so the broker remembers it while it is away.',
    ],
    steps: [
      {
        title: `The demo device subscribes at QoS ${qos}`,
        say: 'The demo device connects with a fixed client ID and clean session off, and subscribes to the lesson topic.',
        look: 'The lines below: the QoS the broker granted.',
        async run(r) {
          const { granted } = await r.lateSubscriber(`${r.base}/qos${qos}/#`, qos, { clientId, clean: false });
          return { lines: [`The demo device is connected (client ID ${clientId}, persistent session) and subscribed to ${r.base}/qos${qos}/#: granted QoS ${granted}.`] };
        },
      },
      {
        title: `Publish at QoS ${qos}`,
        say: `This page publishes one reading at QoS ${qos}. The packets it sends and receives for it are listed below, in order.`,
        look: 'The Inspector: the PUBLISH and its acknowledgements share one packet identifier ("Show in Inspector", then the Flow tab).',
        async run(r) {
          const since = r.now();
          await r.publish({ topic: topic(r), payload: '21.5', qos, retain: false });
          const flow = (await r.waitFor(() => {
            const f = publishFlow(r.packets(since), topic(r));
            return f.length === (qos === 0 ? 1 : qos === 1 ? 2 : 4) ? f : null;
          }, 5_000)) ?? publishFlow(r.packets(since), topic(r));
          const got = await r.waitFor(() => r.received.filter((m) => m.topic === topic(r)).length, 3_000);
          return {
            lines: [
              `${flow.length} packet${flow.length === 1 ? '' : 's'} on this page's connection: ${flow.map((p) => p.packet.name).join(', ')}.`,
              ...flowLines(flow),
              FLOW_WORDS[qos],
              `The demo device received it ${got === 1 ? 'once' : `${got ?? 0} times`}, at QoS ${r.received.find((m) => m.topic === topic(r))?.qos ?? '?'}.`,
            ],
            ...(flow[0] ? { inspect: flow[0].seq } : {}),
          };
        },
      },
      {
        title: 'The subscriber goes away',
        say: 'The demo device disconnects (its session stays with the broker), and this page publishes three readings while it is gone.',
        look: 'The lines below, then the next step.',
        async run(r) {
          await r.demoDevice?.leave();
          // let the broker see it gone first: a QoS 2 message caught half-way (PUBREC sent, PUBREL not yet)
          // by a client that then leaves is lost with its in-memory state
          await r.wait(500);
          for (const value of ['22.0', '22.5', '23.0']) await r.publish({ topic: topic(r), payload: value, qos, retain: false });
          return { lines: ['The demo device is disconnected. Published 3 readings while it was away: 22.0, 22.5, 23.0.'] };
        },
      },
      {
        title: 'It comes back',
        say: 'The demo device reconnects with the same client ID and clean session off: the broker finds its session and sends what it kept for it.',
        look: 'How many of the three arrive, and at which QoS.',
        async run(r) {
          await r.startListener({ clientId, clean: false });
          const arrived = () => r.received.filter((m) => m.topic === topic(r));
          await r.waitFor(() => arrived().length >= 3, qos === 0 ? 1_500 : 5_000);
          const back = arrived();
          const order = back.map((m) => utf8.decode(m.payload));
          const lines = [`Received ${back.length} of the 3 published while it was away${back.length ? `: ${order.join(', ')}` : ''}.`];
          if (back.length > 1 && order.join() !== [...order].sort().join()) lines.push('Not in the order published: MQTT orders the messages of one topic and QoS, and this broker sent its queue otherwise.');
          if (qos === 2) {
            // the subscriber's side of the flows: a PUBLISH is delivered only at its PUBREL
            const seen = r.demoDevice?.packets ?? [];
            const published = seen.filter((p) => p.cmd === 'publish' && p.topic === topic(r));
            const released = new Set(seen.filter((p) => p.cmd === 'pubrel').map((p) => p.messageId));
            lines.push(`The broker sent ${published.length} PUBLISH (ids ${published.map((p) => p.messageId).join(', ')}) and PUBREL for ids ${[...released].join(', ') || 'none'}.`);
            for (const p of published.filter((x) => !released.has(x.messageId))) {
              lines.push(`PUBLISH ${p.messageId} (${p.payload ?? '?'}) never got its PUBREL: the subscriber holds it and, to deliver exactly once, must not hand it on before PUBREL. The broker did not finish this flow: a broker fault, shown as it happened.`);
            }
          }
          lines.push(
            back.length === 0
              ? 'QoS 0 messages are not kept for an absent subscriber: fire and forget.'
              : qos === 0
                ? 'This broker kept QoS 0 messages for the persistent session too (allowed, not required).'
                : `The broker queued them in the persistent session, at QoS ${qos}, and delivered them on return.`,
          );
          // leave no session behind: a clean connect ends it
          await r.startListener({ clientId, clean: true });
          r.demoDevice?.stop();
          return { lines };
        },
      },
    ],
  };
}

export const LESSONS: Lesson[] = [
  {
    id: 'pubsub',
    title: 'Publish/subscribe vs client/server',
    intro: [
      'Client/server (HTTP, CoAP requests): a client asks a server it knows by address, and both must be up at the same moment.',
      'Publish/subscribe (MQTT, AMQP topics): publishers and subscribers never know each other. Each knows the broker and a topic. They are decoupled in space (no addresses), in time (a retained message or a persistent session waits for them) and in synchronisation (nobody blocks on anybody).',
    ],
    steps: [
      {
        title: 'Publish a reading with nobody listening',
        say: 'This page publishes 21.5 to a kitchen temperature topic, retained, at QoS 1. No one is subscribed to it.',
        look: 'The Inspector: the PUBLISH has its RETAIN bit (bit 0 of the first byte) set, and the broker answers PUBACK anyway.',
        async run(r) {
          const since = r.now();
          const t = `${r.base}/kitchen/temperature`;
          await r.publish({ topic: t, payload: '21.5', qos: 1, retain: true });
          const flow = publishFlow(r.packets(since), t);
          return {
            lines: [...flowLines(flow), 'The broker took it and keeps it as the last known value of the topic. The publisher is done; it never learns who reads it.'],
            ...(flow[0] ? { inspect: flow[0].seq } : {}),
          };
        },
      },
      {
        title: 'A subscriber joins later',
        say: 'The demo device, a second client inside this page, connects and subscribes to the kitchen topics only now.',
        look: 'The lines below: the retained message reaches the late subscriber, with its retain flag set.',
        async run(r) {
          const t = `${r.base}/kitchen/temperature`;
          const subscribedAt = Date.now();
          await r.lateSubscriber(`${r.base}/kitchen/#`);
          const got = await r.waitFor(() => r.received.find((m) => m.topic === t), 5_000);
          if (!got) return { lines: ['The late subscriber received nothing: this broker did not keep the retained message.'] };
          return {
            lines: [
              `The late subscriber received ${utf8.decode(got.payload)} on ${t}, retain flag ${got.retain ? 1 : 0}, ${ms(got.at - subscribedAt)} after subscribing.`,
              'Decoupled in time: the publisher was done before this subscriber existed. Decoupled in space: neither has the other’s address.',
            ],
          };
        },
      },
      {
        title: 'Clean up',
        say: 'An empty retained message deletes what the broker keeps for the topic.',
        look: 'The Retained view: the topic is gone.',
        async run(r) {
          await r.publish({ topic: `${r.base}/kitchen/temperature`, payload: '', qos: 1, retain: true });
          r.demoDevice?.stop();
          return { lines: ['Sent an empty retained message: the broker forgot the kitchen temperature. The demo device is stopped.'] };
        },
      },
    ],
  },
  qosLesson(0),
  qosLesson(1),
  qosLesson(2),
  {
    id: 'retain',
    title: 'Retained messages',
    intro: [
      'A retained message is the broker’s copy of a topic’s last value, one per topic. Every new subscriber gets it at once, with the RETAIN flag set, so a dashboard opened now knows the state without waiting for the next report.',
      'An empty retained message deletes it.',
    ],
    steps: [
      {
        title: 'Without retain, a late subscriber gets nothing',
        say: 'This page publishes "not kept" without retain; then the demo device subscribes.',
        look: 'The lines below.',
        async run(r) {
          await r.publish({ topic: `${r.base}/r/plain`, payload: 'not kept', qos: 1, retain: false });
          await r.lateSubscriber(`${r.base}/r/#`);
          await r.wait(1_000);
          const got = r.received.filter((m) => m.topic === `${r.base}/r/plain`).length;
          return { lines: [got ? `The late subscriber received it ${got} time(s): unexpected for a message without retain.` : 'The late subscriber received nothing: a message without retain goes only to the subscribers of that moment.'] };
        },
      },
      {
        title: 'With retain, now and later',
        say: 'This page publishes "kept" with retain. The demo device, subscribed, gets it live; then a fresh demo device subscribes.',
        look: 'The retain flag: 0 for the live delivery (it is news), 1 for the late subscriber (it is the last known value).',
        async run(r) {
          const t = `${r.base}/r/kept`;
          await r.publish({ topic: t, payload: 'kept', qos: 1, retain: true });
          const live = await r.waitFor(() => r.received.find((m) => m.topic === t), 3_000);
          await r.lateSubscriber(`${r.base}/r/#`);
          const late = await r.waitFor(() => r.received.find((m) => m.topic === t), 3_000);
          return {
            lines: [
              live ? `Live subscriber: received "kept", retain flag ${live.retain ? 1 : 0}.` : 'Live subscriber: nothing arrived.',
              late ? `New subscriber: received "kept" at once, retain flag ${late.retain ? 1 : 0}.` : 'New subscriber: nothing arrived.',
            ],
          };
        },
      },
      {
        title: 'Delete it',
        say: 'This page publishes an empty retained message to the topic; a fresh demo device subscribes again.',
        look: 'The lines below: nothing is left to deliver.',
        async run(r) {
          const t = `${r.base}/r/kept`;
          await r.publish({ topic: t, payload: '', qos: 1, retain: true });
          const { device } = await r.lateSubscriber(`${r.base}/r/#`);
          await r.wait(1_000);
          const got = r.received.filter((m) => m.topic === t && m.payload.byteLength > 0).length;
          device.stop();
          return { lines: [got ? 'The retained message is still there.' : 'The new subscriber received nothing: the empty retained message deleted it.'] };
        },
      },
    ],
  },
  {
    id: 'will',
    title: 'Last will: crash vs clean disconnect',
    intro: [
      'A client gives the broker its last will in CONNECT: a topic and a message the broker publishes for it if the connection ends without a DISCONNECT (a crash, a lost link, a keep-alive that ran out).',
      'With a retained "online" at start and a retained will "offline", every subscriber, now or later, knows whether the device is there.',
    ],
    steps: [
      {
        title: 'Start a device with a last will',
        say: 'The demo device connects with the will "offline" (retained, QoS 1) on its status topic, then publishes "online" there, retained.',
        look: 'The Devices view: its card turns Online. The Inspector: nothing of the will on this page’s connection; the broker holds it.',
        async run(r) {
          const status = `${r.base}/device/status`;
          await r.subscribe(`${r.base}/device/#`, 1);
          const since = r.now();
          await r.startDevice({ statusTopic: status });
          const online = await r.waitFor(() => r.receivedByPage(since, status, 'online'), 5_000);
          return { lines: [online ? `This page received "online" on ${status}.` : 'This page did not receive "online".', 'The device’s CONNECT carried its will; the broker keeps it unsent while the device is connected.'] };
        },
      },
      {
        title: 'Crash it',
        say: 'The demo device’s socket is cut without a DISCONNECT, as when a device loses power.',
        look: 'The lines below and the device card: the broker publishes the will.',
        async run(r) {
          const status = `${r.base}/device/status`;
          const since = r.now();
          r.demoDevice?.crash();
          const will = await r.waitFor(() => r.receivedByPage(since, status, 'offline'), 10_000);
          return {
            lines: [will ? `The broker published the will: "offline" on ${status}, ${ms(will.at - since)} after the socket was cut.` : 'No will arrived within 10 s.'],
            ...(will ? { inspect: will.seq } : {}),
          };
        },
      },
      {
        title: 'Start again, then disconnect cleanly',
        say: 'The demo device comes back, then leaves properly: it clears its retained status and sends DISCONNECT.',
        look: 'The lines below: no "offline" this time.',
        async run(r) {
          const status = `${r.base}/device/status`;
          await r.startDevice({ statusTopic: status });
          const since = r.now();
          r.demoDevice?.disconnectCleanly(status);
          await r.wait(1_500);
          const will = r.receivedByPage(since, status, 'offline');
          return { lines: [will ? 'The will was published: unexpected after a DISCONNECT.' : 'No will: after a DISCONNECT the broker discards it. Nobody was told "offline"; the device cleared its status itself.'] };
        },
      },
    ],
  },
  {
    id: 'keepalive',
    title: 'Keep-alive: PINGREQ and PINGRESP',
    intro: [
      'In CONNECT a client promises to send something at least every Keep Alive seconds. When it has nothing to say it sends PINGREQ (2 bytes: C0 00) and the broker answers PINGRESP (D0 00).',
      'If the broker hears nothing for one and a half times the keep-alive, it closes the connection and publishes the client’s will: that is how a frozen device is found out.',
    ],
    steps: [
      {
        title: 'Set keep-alive to 5 s',
        say: 'This page reconnects with Keep Alive 5 and then stays quiet. (The lesson puts your setting back when it closes.)',
        look: 'The Inspector: a PINGREQ about every 5 s and its PINGRESP.',
        async run(r) {
          const since = await r.reconnectWithKeepalive(5);
          const found = await r.waitFor(() => {
            const p = pings(r.packets(since)).filter((x) => x.response);
            return p.length >= 1 ? p : null;
          }, 15_000);
          const connect = r.packets(since).find((p) => p.packet.name === 'CONNECT');
          const field = connect ? fieldNamed(connect.packet.fields, 'Keep Alive') : undefined;
          const lines = [connect && field ? `CONNECT carried Keep Alive 5: bytes ${field.start}-${field.end - 1} of it, ${hex(connect.bytes.subarray(field.start, field.end))}.` : 'Reconnected with Keep Alive 5.'];
          for (const ping of found ?? []) {
            lines.push(`PINGREQ → ${ping.quietMs !== null ? `after ${seconds(ping.quietMs)} without a packet from this page` : ''}, ${ping.request.bytes.byteLength} bytes (${hex(ping.request.bytes)}); ← PINGRESP ${ping.response ? `${ms(ping.response.at - ping.request.at)} later, ${ping.response.bytes.byteLength} bytes (${hex(ping.response.bytes)})` : 'not yet'}.`);
          }
          if (!found) lines.push('No PINGREQ within 15 s.');
          return { lines, ...(found?.[0] ? { inspect: found[0].request.seq } : {}) };
        },
      },
      {
        title: 'A device stops answering',
        say: 'The demo device connects with Keep Alive 5 and a will, then sends nothing at all: no PINGREQ, no DISCONNECT, the socket left open, as if its Wi-Fi froze.',
        look: 'The lines below: when the broker gives up on it and publishes its will.',
        async run(r) {
          const willTopic = `${r.base}/frozen/status`;
          await r.subscribe(`${r.base}/frozen/#`, 1);
          let closedAt = 0;
          const silent = await r.startSilent(5, willTopic, (at) => (closedAt = at));
          const since = silent.connectedAt;
          const will = await r.waitFor(() => r.receivedByPage(since, willTopic), 15_000);
          const lines = [
            will
              ? `The broker published the will ${seconds(will.at - since)} after the device fell silent (it may wait 1.5 × 5 s = 7.5 s).`
              : 'No will within 15 s of silence.',
          ];
          if (closedAt) lines.push(`The broker closed the device’s connection ${seconds(closedAt - since)} after CONNACK.`);
          silent.close();
          return { lines, ...(will ? { inspect: will.seq } : {}) };
        },
      },
      {
        title: 'Put keep-alive back',
        say: 'This page reconnects with the keep-alive it had before the lesson.',
        look: 'The connection settings.',
        async run(r) {
          const before = r.memory.get('keepalive');
          const seconds = typeof before === 'number' ? before : 60;
          await r.reconnectWithKeepalive(seconds);
          r.memory.delete('keepalive');
          return { lines: [`Keep-alive is ${seconds} s again.`] };
        },
      },
    ],
  },
  {
    id: 'connect',
    title: 'The CONNECT packet',
    intro: ['Every MQTT session starts with CONNECT: protocol name and level, flags (clean session, will, user name, password), keep-alive, then the client ID, the will and the credentials. The broker answers CONNACK with a return code.'],
    steps: [
      {
        title: 'Reconnect and catch the CONNECT',
        say: 'This page reconnects; the CONNECT it sends and the CONNACK it gets are read field by field.',
        look: 'The Inspector: open the CONNECT and hover its bytes (the password, if any, is never shown).',
        async run(r) {
          const since = await r.reconnect();
          const packets = r.packets(since);
          const connect = packets.find((p) => p.packet.name === 'CONNECT');
          const connack = packets.find((p) => p.packet.name === 'CONNACK');
          if (!connect) return { lines: ['No CONNECT was captured (is capture paused?).'] };
          const lines = [`CONNECT →, ${connect.bytes.byteLength} bytes.`];
          for (const field of connect.packet.fields) {
            if (field.name.toLowerCase().includes('password')) lines.push(`${field.name}: (never shown)`);
            else lines.push(`${field.name}: ${field.value}${field.bits ? ` (${field.bits.map((b) => `${b.name} ${b.value}`).join(', ')})` : ''}`);
          }
          if (connack) lines.push(`← CONNACK, ${connack.bytes.byteLength} bytes: return code ${connack.packet.reasonCodes[0] ?? '?'} (${connack.packet.reasonCodes[0] === 0 ? 'accepted' : 'refused'}).`);
          return { lines, inspect: connect.seq };
        },
      },
    ],
  },
  {
    id: 'header',
    title: 'The fixed header and Remaining Length',
    intro: [
      'Every MQTT packet starts with a fixed header of 2 to 5 bytes: one byte of packet type (bits 7-4) and flags (bits 3-0: for PUBLISH, DUP, QoS and RETAIN), then the Remaining Length, the size of the rest of the packet, in 1 to 4 bytes of 7 bits each (the top bit says "more follows").',
      'So a small MQTT packet has 2 bytes of header, where an HTTP request has hundreds.',
    ],
    steps: [
      {
        title: 'Publish three sizes',
        say: 'This page publishes 10 bytes, 200 bytes and 20,000 bytes at QoS 0.',
        look: 'The Inspector: the Remaining Length grows from 1 to 2 to 3 bytes.',
        async run(r) {
          const since = r.now();
          const sizes = [10, 200, 20_000];
          for (const size of sizes) await r.publish({ topic: `${r.base}/size/${size}`, payload: 'x'.repeat(size), qos: 0, retain: false });
          // a QoS 0 publish is done when handed to the socket; its capture follows a moment later
          await r.waitFor(() => r.packets(since).filter((q) => q.direction === 'out' && q.packet.name === 'PUBLISH').length >= sizes.length, 3_000);
          const lines: string[] = [];
          let inspect: number | undefined;
          for (const size of sizes) {
            const p = r.packets(since).find((q) => q.direction === 'out' && q.packet.topic === `${r.base}/size/${size}`);
            if (!p) continue;
            inspect ??= p.seq;
            const rl = remainingLengthBytes(p.packet);
            lines.push(
              `Payload ${size.toLocaleString('en')} bytes: first byte 0x${hexByte(p.bytes[0] as number)} (type 3 PUBLISH, flags ${((p.bytes[0] as number) & 0x0f).toString(2).padStart(4, '0')}); Remaining Length ${p.packet.remainingLength.toLocaleString('en')} in ${rl} byte${rl === 1 ? '' : 's'} (hex ${hex(p.bytes.subarray(1, 1 + rl))}); fixed header ${p.packet.fixedHeaderLength} bytes of ${p.bytes.byteLength.toLocaleString('en')}.`,
            );
          }
          lines.push('The smallest packets, PINGREQ and PINGRESP, are the fixed header alone: 2 bytes.');
          return { lines, ...(inspect !== undefined ? { inspect } : {}) };
        },
      },
    ],
  },
  {
    id: 'bytes',
    title: 'MQTT vs HTTP vs CoAP: the same data in bytes',
    intro: [
      'The same device record sent three ways: as an MQTT PUBLISH, as an HTTP POST to the course’s REST device registry, and as a CoAP POST. Count the bytes around the same JSON.',
      'HTTP carries its headers as text on every request (hundreds of bytes); MQTT has a 2-byte fixed header and the topic; CoAP has a 4-byte header and compact options.',
    ],
    steps: [
      {
        title: 'Send one device record three ways',
        say: 'This page publishes the record over MQTT, POSTs it to the linked registry over HTTP (the Devices view links one; npm start runs it), and builds the CoAP message for it.',
        look: 'The three sizes below, and the real HTTP exchange as the registry saw it on its socket.',
        async run(r) {
          const identifier = `${r.base.split('/').pop() ?? 'lesson'}-thermometer`;
          const record = { identifier, name: 'Kitchen thermometer', device_type: 'temperature sensor', controller_gateway: 'coap-gateway' };
          const json = JSON.stringify(record);
          const body = new TextEncoder().encode(json);
          const since = r.now();
          const t = `${r.base}/registry/devices`;
          await r.publish({ topic: t, payload: json, qos: 1, retain: false });
          const flow = publishFlow(r.packets(since), t);
          const mqttBytes = flow[0]?.bytes.byteLength ?? 0;
          const lines = [
            `MQTT: PUBLISH ${mqttBytes} bytes (${mqttBytes - body.byteLength} of header and topic around ${body.byteLength} of JSON)${flow[1] ? `, answered by a ${flow[1].bytes.byteLength}-byte PUBACK` : ''}.`,
          ];
          const blocks: NonNullable<StepResult['blocks']> = [];
          const url = r.profile.presence.registryUrl;
          if (url) {
            const res = await fetch(`${url}/devices`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: json });
            const id = res.headers.get('X-Exchange-Id');
            if (id) {
              const exchange = await registryExchange(url, id);
              const requestHead = exchange.request.length - body.byteLength;
              lines.push(`HTTP: POST /devices ${exchange.request.length} bytes (${requestHead} of request line and headers around the same ${body.byteLength}), answered ${res.status} in ${exchange.response.length} bytes.`);
              blocks.push({ label: 'HTTP request, as the registry received it', text: exchange.request }, { label: 'HTTP response, as the registry sent it', text: exchange.response });
            }
            await fetch(`${url}/devices/${encodeURIComponent(identifier)}`, { method: 'DELETE' }).catch(() => undefined);
          } else {
            lines.push('HTTP: no registry is linked. Link one in the Devices view (npm start runs one) to see the real request and response.');
          }
          const coap = encodeCoap({ type: 'CON', code: 2, messageId: 0x2a17, token: Uint8Array.from([0x71]), options: [{ number: 11, value: new TextEncoder().encode('devices') }, { number: 12, value: coapUint(50) }], payload: body });
          lines.push(`CoAP: CON POST /devices ${coap.byteLength} bytes (${coap.byteLength - body.byteLength} of header, token, options and the 0xFF marker around the same ${body.byteLength}); its first bytes: ${hex(coap, 14)}.`);
          blocks.push({ label: 'MQTT PUBLISH, first 32 bytes', text: flow[0] ? hex(flow[0].bytes, 32) : '' });
          return { lines, blocks, ...(flow[0] ? { inspect: flow[0].seq } : {}) };
        },
      },
      {
        title: 'A CoAP message through a gateway',
        say: 'The simulator’s CoAP sensor answers over UDP; its gateway republishes each reading to MQTT and the CoAP message itself, byte for byte, on coap/<sensor>/raw.',
        look: 'The Inspector: open the PUBLISH on coap/kitchen/raw; below its payload, the CoAP header is read field by field.',
        async run(r) {
          await r.subscribe('coap/#', 0);
          const since = r.now();
          const raw = await r.waitFor(() => r.packets(since).find((p) => p.direction === 'in' && p.packet.name === 'PUBLISH' && /^coap\/[^/]+\/raw$/.test(p.packet.topic ?? '')), 12_000);
          const reading = r.packets(since).find((p) => p.direction === 'in' && /^coap\/[^/]+\/temperature$/.test(p.packet.topic ?? ''));
          if (!raw) return { lines: ['Nothing on coap/+/raw within 12 s: no CoAP gateway publishes to this broker (npm start runs one; so does npm run simulate -- --coap).'] };
          const payload = raw.bytes.subarray(raw.packet.payloadRange?.[0] ?? 0);
          return {
            lines: [
              `A CoAP message arrived on ${raw.packet.topic}: ${payload.byteLength} bytes, its header ${hex(payload, 4)}.`,
              ...(reading ? [`Its reading, republished as MQTT on ${reading.packet.topic}: ${payloadText(reading)}`] : []),
            ],
            inspect: raw.seq,
          };
        },
      },
    ],
  },
  {
    id: 'websocket',
    title: 'WebSocket framing under MQTT',
    intro: [
      'A browser cannot open TCP sockets, so MQTT travels inside WebSocket: one HTTP request with Upgrade: websocket and Sec-WebSocket-Protocol: mqtt, answered 101 Switching Protocols, and from then on binary frames, each carrying MQTT bytes.',
      'Each frame adds 2 to 10 bytes of header, and 4 more from the browser, which must mask (XOR) everything it sends. The browser never shows frames; this lesson works them out for the packets it sends (RFC 6455 §5.2).',
    ],
    steps: [
      {
        title: 'Publish and frame it',
        say: 'This page publishes 20 bytes and 300 bytes at QoS 1.',
        look: 'The lines below: the frame header each packet needed on its way out, and the PUBACK’s on its way in.',
        async run(r) {
          const since = r.now();
          const lines: string[] = [];
          const blocks: NonNullable<StepResult['blocks']> = [];
          let inspect: number | undefined;
          for (const size of [20, 300]) {
            const t = `${r.base}/ws/${size}`;
            await r.publish({ topic: t, payload: 'x'.repeat(size), qos: 1, retain: false });
            const [publish, ack] = publishFlow(r.packets(since), t);
            if (!publish) continue;
            inspect ??= publish.seq;
            const out = websocketFrameHeader(publish.bytes.byteLength, true);
            lines.push(`PUBLISH of ${publish.bytes.byteLength} bytes → one binary frame with a ${out.bytes}-byte header (masked): ${publish.bytes.byteLength + out.bytes} bytes on the TCP stream.`);
            blocks.push({ label: `Frame header of the ${publish.bytes.byteLength}-byte PUBLISH`, text: out.fields.join('\n') });
            if (ack) {
              const back = websocketFrameHeader(ack.bytes.byteLength, false);
              lines.push(`← PUBACK of ${ack.bytes.byteLength} bytes in a frame with a ${back.bytes}-byte header (the server does not mask).`);
            }
          }
          return { lines, blocks, ...(inspect !== undefined ? { inspect } : {}) };
        },
      },
    ],
  },
  {
    id: 'amqp',
    title: 'AMQP and MQTT on one RabbitMQ',
    intro: [
      'RabbitMQ speaks AMQP 0-9-1 and, with its MQTT plugin, MQTT. Both meet at the amq.topic exchange: an MQTT topic home/kitchen/temp is the AMQP routing key home.kitchen.temp ("/" and "." swap), and the MQTT wildcards + and # are AMQP’s * and #.',
      'So a device publishing over AMQP to amq.topic with routing key home.kitchen.temp reaches an MQTT subscriber of home/kitchen/temp, and the other way round. Run npm run simulate -- --amqp amqp://guest:guest@host:5672 against a RabbitMQ with the MQTT and web-MQTT plugins, and connect this page to its web-MQTT listener (ws://host:15675/ws).',
    ],
    steps: [
      {
        title: 'Listen for the AMQP devices',
        say: 'This page subscribes to home/# and waits for a reading published over AMQP.',
        look: 'The Messages view: home/kitchen/temp, a topic no MQTT client published.',
        async run(r) {
          await r.subscribe('home/#', 0);
          const since = r.now() - 1;
          const got = await r.waitFor(() => r.packets(since).find((p) => p.direction === 'in' && p.packet.name === 'PUBLISH' && (p.packet.topic ?? '').startsWith('home/')), 8_000);
          if (!got) return { lines: ['Nothing on home/# within 8 s: this broker has no AMQP devices (it needs to be RabbitMQ, with npm run simulate -- --amqp ... running).'] };
          const topic = got.packet.topic ?? '';
          return { lines: [`Received ${topic} = ${payloadText(got)}: published over AMQP 0-9-1 to amq.topic with routing key ${topic.split('/').join('.')}.`], inspect: got.seq };
        },
      },
    ],
  },
];

export const lessonById = (id: string | null): Lesson | undefined => LESSONS.find((l) => l.id === id);
