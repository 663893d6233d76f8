import { describe, expect, it } from 'vitest';
import { diffJson, flattenJson, jsonErrorPosition, tryParseJson } from './json';

describe('json helpers', () => {
  it('flattens to the paths people write', () => {
    const value = tryParseJson('{"Time":"t","AM2301":{"Temperature":21.4},"Current":[1.3,2.1],"odd key":{"x y":1},"e":{},"r":[{"value":3}]}');
    expect([...flattenJson(value ?? null).entries()]).toEqual([
      ['Time', 't'],
      ['AM2301.Temperature', 21.4],
      ['Current[0]', 1.3],
      ['Current[1]', 2.1],
      ['["odd key"]["x y"]', 1],
      ['e', {}],
      ['r[0].value', 3],
    ]);
  });

  it('diffs leaf by leaf', () => {
    expect(diffJson({ a: 1, b: { c: 2 }, d: 'x' }, { a: 1, b: { c: 3 }, e: true })).toEqual([
      { path: 'b.c', kind: 'changed', before: 2, after: 3 },
      { path: 'e', kind: 'added', after: true },
      { path: 'd', kind: 'removed', before: 'x' },
    ]);
    expect(diffJson([1, 2], [1, 2])).toEqual([]);
  });

  it('says where JSON breaks', () => {
    expect(jsonErrorPosition('{"a": 1}')).toBeNull();
    expect(jsonErrorPosition('{\n  "a": 1,\n  "b": }')).toBe('Expected a value but found "}" at line 3, column 8');
    expect(jsonErrorPosition('{"a": 1,}')).toBe('Expected a property name in double quotes but found "}" at line 1, column 9');
    expect(jsonErrorPosition("{'a': 1}")).toMatch(/property name in double quotes.*column 2/);
    expect(jsonErrorPosition('[1, 2')).toBe('Expected "," or "]" but found the end of the text at line 1, column 6');
    expect(jsonErrorPosition('{"a": tru}')).toMatch(/Expected a value.*column 7/);
    expect(jsonErrorPosition('1 2')).toMatch(/Expected the end of the text.*column 3/);
    expect(jsonErrorPosition('"tab\there"')).toMatch(/control characters/);
    for (const ok of ['0', '-1.5e3', '"\\u00e9"', '{"a":[true,false,null,{}]}', ' [ ] ']) expect(jsonErrorPosition(ok)).toBeNull();
  });
});
