import { describe, expect, it } from 'vitest';
import { compileTemplate } from './template';

const run = (template: string, value: string) => {
  const t = compileTemplate(template);
  if (!t.ok) throw new Error(t.reason);
  let json;
  try {
    json = JSON.parse(value);
  } catch {
    json = undefined;
  }
  return t.read(value, json);
};

describe('value templates (the subset firmware sends)', () => {
  it('reads the forms Tasmota, ESPHome, Zigbee2MQTT and Shelly configs use', () => {
    const tasmota = '{"Time":"2026-12-05T08:00:00","AM2301":{"Temperature":21.4,"Humidity":48.0},"TempUnit":"C"}';
    expect(run("{{value_json['AM2301'].Temperature}}", tasmota)).toBe(21.4);
    expect(run("{{ value_json['AM2301']['Humidity'] }}", tasmota)).toBe(48);
    expect(run('{{ value_json.ENERGY.Power }}', '{"ENERGY":{"Power":2635}}')).toBe(2635);
    expect(run('{{ value_json.temperature }}', '{"temperature":29.1,"battery":100}')).toBe(29.1);
    expect(run('{{ value_json.contact }}', '{"contact":false}')).toBe(false);
    expect(run('{{ value | float }}', '24.40')).toBe(24.4);
    expect(run('{{ value | float }}', 'n/a')).toBe(0);
    expect(run('{{ value | round(1) }}', '21.456')).toBe(21.5);
    expect(run('{{ value_json.aenergy.total / 1000 }}', '{"aenergy":{"total":1500}}')).toBe(1.5);
    expect(run("{{ 'ON' if value_json.state else 'OFF' }}", '{"state":true}')).toBe('ON');
    expect(run("{{ 'ON' if value_json.state == 'on' else 'OFF' }}", '{"state":"off"}')).toBe('OFF');
    expect(run('{{ value_json.Current[1] }}', '{"Current":[1.32,2.1]}')).toBe(2.1);
    expect(run('{{ value_json.state | lower }}', '{"state":"ONLINE"}')).toBe('online');
    expect(run('{{ value_json.missing | default(5) }}', '{}')).toBe(5);
    expect(run('{{ value }}', 'plain')).toBe('plain');
    expect(run('{{ value_json.missing }}', '{}')).toBeUndefined();
    expect(run('{{ (value | float * 1.8 + 32) | round(1) }}', '20')).toBe(68);
  });

  it('refuses anything else, with the reason, and never runs it', () => {
    const refused = (template: string) => {
      const t = compileTemplate(template);
      return t.ok ? null : t.reason;
    };
    expect(refused('{% if value %}on{% endif %}')).toMatch(/statements/);
    expect(refused('{{ states("sensor.x") }}')).toMatch(/"states" is not in the template subset/);
    expect(refused('{{ value | regex_replace("a","b") }}')).toMatch(/filter "regex_replace"/);
    expect(refused('{{ value_json.__class__.__init__ }}')).toBeNull(); // a path: looked up in the JSON only
    expect(run('{{ value_json.__proto__ }}', '{}')).toBeUndefined();
    expect(refused('{{ value_json[ }}')).toMatch(/expected/);
    expect(refused('{{ value }} and {{ value }}')).toMatch(/only one/);
    expect(refused(`{{ ${'('.repeat(600)}value${')'.repeat(600)} }}`)).toMatch(/over 1000 characters/);
  });
});
