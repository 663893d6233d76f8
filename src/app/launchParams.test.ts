import { describe, expect, it } from 'vitest';
import { parseLaunchParams } from './launchParams';

describe('parseLaunchParams', () => {
  it('reads broker, repeated subscribe and connect', () => {
    expect(parseLaunchParams('?broker=ws://127.0.0.1:9001&subscribe=tele/%23&subscribe=zigbee2mqtt/%2B&connect=1')).toEqual({
      broker: 'ws://127.0.0.1:9001',
      subscribe: ['tele/#', 'zigbee2mqtt/+'],
      qos: 0,
      connect: true,
    });
  });
  it('reads the optional settings and ignores a password', () => {
    expect(parseLaunchParams('?broker=wss://b:8884/mqtt&qos=1&version=5&username=u&password=p&clientId=c&name=Class')).toEqual({
      broker: 'wss://b:8884/mqtt',
      subscribe: [],
      qos: 1,
      connect: false,
      version: 5,
      username: 'u',
      clientId: 'c',
      name: 'Class',
    });
  });
  it('is null without a broker', () => {
    expect(parseLaunchParams('?subscribe=a')).toBeNull();
    expect(parseLaunchParams('')).toBeNull();
  });
});
