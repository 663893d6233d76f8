/** Types shared by the protocol layer and its callers. */

export type QoS = 0 | 1 | 2;

/** 4 is MQTT 3.1.1, 5 is MQTT 5.0 (the protocol level byte of CONNECT). */
export type ProtocolVersion = 4 | 5;

export type UserProperties = Record<string, string | string[]>;

/** MQTT 5 PUBLISH properties as the dashboard shows and sends them. */
export interface PublishProperties {
  payloadFormatIndicator?: boolean;
  messageExpiryInterval?: number;
  topicAlias?: number;
  responseTopic?: string;
  correlationData?: Uint8Array;
  userProperties?: UserProperties;
  subscriptionIdentifier?: number | number[];
  contentType?: string;
}

/** One PUBLISH received from a broker, as kept in the message buffers. */
export interface ReceivedMessage {
  /** Which connection received it. */
  connectionId: string;
  /** Milliseconds since the epoch when the dashboard received it. */
  receivedAt: number;
  topic: string;
  payload: Uint8Array;
  qos: QoS;
  retain: boolean;
  dup: boolean;
  /** Packet identifier (QoS 1 and 2 only). */
  packetId?: number;
  /** MQTT 5 properties, when the PUBLISH carried any. */
  properties?: PublishProperties;
  /** Brought back from the browser's history after a reload (or opened from a recording), not live. */
  fromHistory?: boolean;
  /** What a decoder chosen for its topic made of the payload (Sparkplug B, protobuf, CBOR, MessagePack). */
  decoded?: DecodedPayload;
}

/** A JSON value: what a decoded payload becomes. */
export type DecodedValue = null | boolean | number | string | DecodedValue[] | { [key: string]: DecodedValue };

/** A binary payload read by the decoder its topic was given: the value as JSON, or why it could not be read. */
export interface DecodedPayload {
  /** "Sparkplug B", "CBOR", "MessagePack", "Protobuf (pkg.Reading)". */
  decoder: string;
  value?: DecodedValue;
  /** The decoder's words when the payload is not what it reads. */
  error?: string;
  /** Where in the payload it stopped (bytes from the start), when the decoder says. */
  offset?: number;
  /** What it read but finds wrong (a Sparkplug seq gap, a death of an older session). */
  warnings?: string[];
  /** Sparkplug B only: what the topic and payload say about the edge node's session. */
  sparkplug?: SparkplugFacts;
}

export interface SparkplugFacts {
  type: string;
  group: string;
  node: string;
  device?: string;
  /** NDEATH whose bdSeq is not the one of the node's last NBIRTH: it belongs to an older session. */
  staleDeath?: boolean;
}

/** The last will the broker publishes when the connection is lost without a DISCONNECT. */
export interface WillMessage {
  topic: string;
  payload: string;
  qos: QoS;
  retain: boolean;
  /** MQTT 5 only. */
  properties?: {
    willDelayInterval?: number;
    messageExpiryInterval?: number;
    contentType?: string;
    userProperties?: UserProperties;
  };
}

/** When and how to reconnect after a connection is lost. */
export interface ReconnectPolicy {
  enabled: boolean;
  /** Delay before the first attempt; it doubles with each failed attempt. */
  initialDelayMs: number;
  /** The doubling stops here. */
  maxDelayMs: number;
}

/** Everything needed to open a connection. */
export interface ConnectionOptions {
  url: string;
  clientId: string;
  username?: string;
  password?: string;
  protocolVersion: ProtocolVersion;
  /** Clean session (3.1.1) / clean start (5.0). */
  clean: boolean;
  keepaliveSec: number;
  connectTimeoutMs: number;
  reconnect: ReconnectPolicy;
  will?: WillMessage;
  /** MQTT 5 CONNECT properties. */
  sessionExpiryIntervalSec?: number;
  receiveMaximum?: number;
  maximumPacketSize?: number;
  userProperties?: UserProperties;
}

export interface SubscriptionOptions {
  /** MQTT 5: do not receive what this connection publishes itself. */
  noLocal?: boolean;
  /** MQTT 5: keep the retain flag as the publisher set it. */
  retainAsPublished?: boolean;
  /** MQTT 5: 0 send retained on subscribe, 1 only if the subscription is new, 2 never. */
  retainHandling?: 0 | 1 | 2;
  /** MQTT 5 subscription identifier (1 to 268,435,455). */
  subscriptionIdentifier?: number;
}

/** A subscription request and what the broker answered. */
export interface SubscriptionState {
  filter: string;
  qos: QoS;
  options: SubscriptionOptions;
  /** pending: not answered yet (or waiting for a connection); granted; refused; removed: unsubscribed. */
  status: 'pending' | 'granted' | 'refused';
  /** QoS granted in SUBACK. */
  grantedQos?: QoS;
  /** SUBACK code or words when refused. */
  refusal?: { code: number | null; reason: string };
}
