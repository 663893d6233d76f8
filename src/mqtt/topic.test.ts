import { describe, expect, it } from 'vitest';
import {
  compileTopicFilter,
  parseSharedSubscription,
  topicMatches,
  topicNameWarning,
  utf8ByteLength,
  validateTopicFilter,
  validateTopicName,
} from './topic';

describe('validateTopicFilter (MQTT §4.7.1, §4.7.3, §4.8.2)', () => {
  it.each([
    'sport/tennis/player1',
    'sport/tennis/player1/#',
    'sport/#',
    '#',
    '+',
    '+/tennis/#',
    'sport/+/player1',
    '+/+',
    '/+',
    '/finance',
    'a//b',
    '/',
    '//',
    '$SYS/#',
    '$SYS/broker/+/count',
    '$share/group/sensors/#',
    '$share/g1/+',
    'ünïcødé/温度',
    ' ',
  ])('accepts %j', (filter) => {
    expect(validateTopicFilter(filter)).toBeNull();
  });

  it.each([
    ['', /must not be empty/],
    ['a/#/b', /"#" must be the last level/],
    ['#/a', /"#" must be the last level/],
    ['sport/tennis#', /"#" must take a whole level.*"sport\/tennis\/#"/],
    ['a#', /"#" must take a whole level/],
    ['a+/b', /"\+" must take a whole level.*"a\/\+\/b"/],
    ['sport+', /"\+" must take a whole level/],
    ['a/b+c/d', /"\+" must take a whole level/],
    ['++', /"\+" must take a whole level/],
    ['a/\u0000/b', /null character/],
    ['$share/', /needs a group name/],
    ['$share/group', /needs a filter after the group/],
    ['$share/group/', /needs a filter after the group/],
    ['$share/gr+oup/a', /must not contain "\+" or "#"/],
    ['$share/g/a/#/b', /"#" must be the last level/],
  ])('rejects %j', (filter, message) => {
    expect(validateTopicFilter(filter)).toMatch(message);
  });

  it('counts the limit in UTF-8 bytes, not characters', () => {
    expect(validateTopicFilter('a'.repeat(65_535))).toBeNull();
    expect(validateTopicFilter('a'.repeat(65_536))).toMatch(/at most 65,535 bytes.*65,536/);
    // 'é' is two bytes in UTF-8: 32,768 of them are 65,536 bytes
    expect(validateTopicFilter('é'.repeat(32_768))).toMatch(/65,536/);
    expect(utf8ByteLength('温度')).toBe(6);
  });
});

describe('validateTopicName', () => {
  it.each(['a', 'a/b', '/a', 'a/', 'sensors/温度', '$SYS/x'])('accepts %j', (topic) => {
    expect(validateTopicName(topic)).toBeNull();
  });
  it.each([
    ['', /must not be empty/],
    ['a/+', /wildcards/],
    ['a/#', /wildcards/],
    ['a+b', /wildcards/],
    ['x\u0000', /null character/],
  ])('rejects %j', (topic, message) => {
    expect(validateTopicName(topic)).toMatch(message);
  });
  it('warns about $-topics', () => {
    expect(topicNameWarning('$SYS/x')).toMatch(/reserved/);
    expect(topicNameWarning('a/$b')).toBeNull();
  });
});

describe('topicMatches (MQTT §4.7)', () => {
  const yes: Array<[string, string]> = [
    ['sport/tennis/player1/#', 'sport/tennis/player1'],
    ['sport/tennis/player1/#', 'sport/tennis/player1/ranking'],
    ['sport/tennis/player1/#', 'sport/tennis/player1/score/wimbledon'],
    ['sport/#', 'sport'],
    ['#', 'sport/tennis'],
    ['#', '/'],
    ['sport/tennis/+', 'sport/tennis/player1'],
    ['sport/tennis/+', 'sport/tennis/player2'],
    ['sport/+', 'sport/'],
    ['+/+', '/finance'],
    ['/+', '/finance'],
    ['+', 'sport'],
    ['+/tennis/#', 'sport/tennis/player1'],
    ['a/+/c', 'a/b/c'],
    ['a/+/+', 'a/b/c'],
    ['a//b', 'a//b'],
    ['a/+/b', 'a//b'],
    ['$SYS/#', '$SYS/broker/load'],
    ['$SYS/+/load', '$SYS/broker/load'],
    ['$share/group/sensors/+', 'sensors/kitchen'],
    ['tele/+/SENSOR', 'tele/livingroom/SENSOR'],
  ];
  const no: Array<[string, string]> = [
    ['sport/tennis/+', 'sport/tennis/player1/ranking'],
    ['sport/+', 'sport'],
    ['+', '/finance'],
    ['+', 'a/b'],
    ['sport/tennis/player1', 'sport/tennis/player'],
    ['sport/tennis/player1', 'sport/tennis/player12'],
    ['a/+/c', 'a/b/d'],
    ['a/+/c', 'a/b'],
    ['a/b', 'a/b/c'],
    ['#', '$SYS/broker/load'],
    ['+/monitor/Clients', '$SYS/monitor/Clients'],
    ['+', '$SYS'],
    ['Sport', 'sport'],
    ['a/b/#', 'a/bc'],
    ['a/+', 'ab/c'],
  ];
  it.each(yes)('%j matches %j', (filter, topic) => {
    expect(topicMatches(filter, topic)).toBe(true);
  });
  it.each(no)('%j does not match %j', (filter, topic) => {
    expect(topicMatches(filter, topic)).toBe(false);
  });

  it('compiles once and matches many topics', () => {
    const match = compileTopicFilter('home/+/temperature');
    const topics = ['home/kitchen/temperature', 'home/hall/temperature', 'home/hall/humidity', 'home/temperature'];
    expect(topics.filter(match)).toEqual(['home/kitchen/temperature', 'home/hall/temperature']);
  });
});

describe('parseSharedSubscription', () => {
  it('splits group and filter', () => {
    expect(parseSharedSubscription('$share/g/a/b/#')).toEqual({ group: 'g', filter: 'a/b/#' });
    expect(parseSharedSubscription('a/b')).toBeNull();
  });
});
