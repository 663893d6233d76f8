import { describe, expect, it } from 'vitest';
import { extractAt, extractValues, guessUnit, parseNumber, valueAtPath } from './extract';

const b = (text: string) => new TextEncoder().encode(text);
const values = (text: string, booleans = false) => extractValues(b(text), { booleans }).map(({ path, value }) => [path, value]);

describe('number extraction', () => {
  it.each([
    ['21.5', 21.5],
    ['-3', -3],
    ['1e3', 1000],
    [' 42 ', 42],
    ['+7', 7],
    ['.5', 0.5],
    ['0', 0],
  ])('plain payload %j is %d', (text, n) => {
    expect(values(text)).toEqual([['', n]]);
  });

  it.each(['21.5 °C', '0x1F', '1,5', '1.2.3', 'NaN', 'Infinity', '-', '', 'twelve', '12abc', '1e', '--1'])('%j only looks numeric, or is not', (text) => {
    expect(values(text)).toEqual([]);
    expect(parseNumber(text)).toBeNull();
  });

  it('Tasmota SENSOR (AM2301 and DS18B20) and ENERGY', () => {
    expect(values('{"Time":"2021-01-13T23:58:41","AM2301":{"Temperature":21.4,"Humidity":48.0,"DewPoint":10.1},"TempUnit":"C"}')).toEqual([
      ['AM2301.Temperature', 21.4],
      ['AM2301.Humidity', 48],
      ['AM2301.DewPoint', 10.1],
    ]);
    expect(values('{"Time":"2021-01-13T23:58:41","DS18B20":{"Id":"030597946B04","Temperature":20.9},"TempUnit":"C"}')).toEqual([['DS18B20.Temperature', 20.9]]);
    expect(values('{"ENERGY":{"Total":6.294,"Power":2635,"Current":[1.32,2.1],"Factor":0.99}}')).toEqual([
      ['ENERGY.Total', 6.294],
      ['ENERGY.Power', 2635],
      ['ENERGY.Current[0]', 1.32],
      ['ENERGY.Current[1]', 2.1],
      ['ENERGY.Factor', 0.99],
    ]);
  });

  it('Tasmota STATE: numbers, and POWER only when switches are asked for', () => {
    const state = '{"UptimeSec":312,"Heap":25,"POWER":"ON","Wifi":{"RSSI":74,"Signal":-63}}';
    expect(values(state)).toEqual([
      ['UptimeSec', 312],
      ['Heap', 25],
      ['Wifi.RSSI', 74],
      ['Wifi.Signal', -63],
    ]);
    expect(values(state, true)).toContainEqual(['POWER', 1]);
  });

  it('ESPHome plain states and binary sensors', () => {
    expect(values('1234.5')).toEqual([['', 1234.5]]);
    expect(values('ON')).toEqual([]);
    expect(values('ON', true)).toEqual([['', 1]]);
    expect(values('OFF', true)).toEqual([['', 0]]);
  });

  it('Zigbee2MQTT device JSON, booleans as 0/1 on request', () => {
    const door = '{"battery":97,"contact":false,"linkquality":120,"voltage":3005}';
    expect(values(door)).toEqual([
      ['battery', 97],
      ['linkquality', 120],
      ['voltage', 3005],
    ]);
    expect(values(door, true)).toContainEqual(['contact', 0]);
    expect(values('{"occupancy":true}', true)).toEqual([['occupancy', 1]]);
    expect(values('{"state":"ON","brightness":215}', true)).toEqual([
      ['state', 1],
      ['brightness', 215],
    ]);
    expect(values('{"action":"single"}', true)).toEqual([]);
  });

  it('Shelly Gen1 scalars and Gen2 JSON', () => {
    expect(values('42.50')).toEqual([['', 42.5]]);
    expect(values('on', true)).toEqual([['', 1]]);
    expect(values('{"id":0,"apower":8.9,"voltage":237.5,"current":0.071,"aenergy":{"total":6.532},"temperature":{"tC":23.5,"tF":74.4}}')).toEqual([
      ['id', 0],
      ['apower', 8.9],
      ['voltage', 237.5],
      ['current', 0.071],
      ['aenergy.total', 6.532],
      ['temperature.tC', 23.5],
      ['temperature.tF', 74.4],
    ]);
  });

  it('Homie plain strings; NaN is not a value', () => {
    expect(values('7.3')).toEqual([['', 7.3]]);
    expect(values('NaN')).toEqual([]);
    expect(values('ready')).toEqual([]);
  });

  it('arrays of objects, numeric strings in JSON, and bytes that are not text', () => {
    expect(values('{"readings":[{"value":3},{"value":"4.5"}]}')).toEqual([
      ['readings[0].value', 3],
      ['readings[1].value', 4.5],
    ]);
    expect(extractValues(new Uint8Array([0xff, 0x31]))).toEqual([]);
  });

  it('reads one path at a time', () => {
    const p = b('{"AM2301":{"Temperature":21.4},"odd key":{"x":2},"list":[5,6]}');
    expect(extractAt(p, 'AM2301.Temperature')).toBe(21.4);
    expect(extractAt(p, '["odd key"].x')).toBe(2);
    expect(extractAt(p, 'list[1]')).toBe(6);
    expect(extractAt(p, 'missing')).toBeNull();
    expect(extractAt(b('19.5'), '')).toBe(19.5);
    expect(valueAtPath({ a: [{ b: 1 }] }, 'a[0].b')).toBe(1);
    expect(valueAtPath({ a: 1 }, 'a..b')).toBeUndefined();
  });

  it('guesses units from names', () => {
    expect(guessUnit('AM2301.Temperature')).toBe('°C');
    expect(guessUnit('AM2301.Humidity')).toBe('%');
    expect(guessUnit('ENERGY.Power')).toBe('W');
    expect(guessUnit('', 'powermeter/sensor/power/state')).toBe('W');
    expect(guessUnit('linkquality')).toBe('lqi');
    expect(guessUnit('foo')).toBe('');
    expect(guessUnit('', 'shellies/shellyplug-s-C45BBE/relay/0/energy')).toBe('Wmin');
    expect(guessUnit('aenergy.total', 'shellyplus1pm/status/switch:0')).toBe('kWh');
  });
});
