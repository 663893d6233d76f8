/** MQTT 5 PUBLISH properties between the dashboard's shape and mqtt.js's. */
import type { IPublishPacket } from 'mqtt';
import type { PublishProperties } from './types';

type MqttPublishProperties = NonNullable<IPublishPacket['properties']>;

export function toMqttProperties(p: PublishProperties): MqttPublishProperties {
  const out: MqttPublishProperties = {};
  if (p.payloadFormatIndicator !== undefined) out.payloadFormatIndicator = p.payloadFormatIndicator;
  if (p.messageExpiryInterval !== undefined) out.messageExpiryInterval = p.messageExpiryInterval;
  if (p.topicAlias !== undefined) out.topicAlias = p.topicAlias;
  if (p.responseTopic !== undefined) out.responseTopic = p.responseTopic;
  if (p.correlationData !== undefined) out.correlationData = p.correlationData as NonNullable<MqttPublishProperties['correlationData']>;
  if (p.userProperties !== undefined) out.userProperties = p.userProperties;
  if (p.contentType !== undefined) out.contentType = p.contentType;
  return out;
}

export function fromMqttProperties(p: MqttPublishProperties): PublishProperties {
  const out: PublishProperties = {};
  if (p.payloadFormatIndicator !== undefined) out.payloadFormatIndicator = p.payloadFormatIndicator;
  if (p.messageExpiryInterval !== undefined) out.messageExpiryInterval = p.messageExpiryInterval;
  if (p.topicAlias !== undefined) out.topicAlias = p.topicAlias;
  if (p.responseTopic !== undefined) out.responseTopic = p.responseTopic;
  if (p.correlationData !== undefined) out.correlationData = p.correlationData;
  if (p.userProperties !== undefined) out.userProperties = p.userProperties;
  if (p.subscriptionIdentifier !== undefined) out.subscriptionIdentifier = p.subscriptionIdentifier;
  if (p.contentType !== undefined) out.contentType = p.contentType;
  return out;
}
