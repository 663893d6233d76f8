import { describe, expect, it } from 'vitest';
import { flattenTopicTree, TopicTree } from './topicTree';
import { testMessage as m } from './testMessages';

describe('TopicTree', () => {
  it('builds levels with counts, totals and topic counts', () => {
    const tree = new TopicTree();
    tree.add(m('home/kitchen/temp', '21'));
    tree.add(m('home/kitchen/temp', '22'));
    tree.add(m('home/hall/temp', '19'));
    tree.add(m('home', 'root topic too'));
    const home = tree.get('home');
    expect(home?.count).toBe(1);
    expect(home?.total).toBe(4);
    expect(home?.topics).toBe(3);
    expect(tree.get('home/kitchen/temp')?.count).toBe(2);
    expect(new TextDecoder().decode(tree.get('home/kitchen/temp')?.last?.payload)).toBe('22');
    expect(tree.topicCount).toBe(3);
    expect(tree.root.total).toBe(4);
  });

  it('keeps empty levels as nodes', () => {
    const tree = new TopicTree();
    tree.add(m('/leading'));
    tree.add(m('a//b'));
    const rows = flattenTopicTree(tree, new Set(['', 'a', 'a/']));
    expect(rows.map((r) => r.node.path)).toEqual(['', '/leading', 'a', 'a/', 'a//b']);
  });

  it('marks retained topics and unmarks them when the retained message is deleted', () => {
    const tree = new TopicTree();
    tree.add(m('t', 'on', { retain: true }));
    expect(tree.get('t')?.retained).toBe(true);
    tree.add(m('t', 'live'));
    expect(tree.get('t')?.retained).toBe(true);
    tree.add(m('t', ''));
    expect(tree.get('t')?.retained).toBe(false);
  });

  it('flattens expanded nodes depth first, sorting numbers numerically', () => {
    const tree = new TopicTree();
    ['s/10', 's/2', 's/1', 'a/x'].forEach((t) => tree.add(m(t)));
    expect(flattenTopicTree(tree, new Set()).map((r) => r.node.path)).toEqual(['a', 's']);
    const rows = flattenTopicTree(tree, new Set(['s']));
    expect(rows.map((r) => r.node.path)).toEqual(['a', 's', 's/1', 's/2', 's/10']);
    expect(rows[2]).toMatchObject({ index: 1, siblings: 3 });
  });

  it('searches paths and shows the ancestors of what matched', () => {
    const tree = new TopicTree();
    ['home/kitchen/temp', 'home/hall/humidity', 'garden/temp'].forEach((t) => tree.add(m(t)));
    const rows = flattenTopicTree(tree, new Set(), 'TEMP');
    expect(rows.map((r) => r.node.path)).toEqual(['garden', 'garden/temp', 'home', 'home/kitchen', 'home/kitchen/temp']);
  });

  it('estimates a per-topic rate', () => {
    const tree = new TopicTree();
    for (let i = 0; i < 100; i++) tree.add(m('fast', 'x', { receivedAt: i * 100 })); // 10 msg/s for 10 s
    const rate = tree.get('fast')?.rate(9_900) ?? 0;
    expect(rate).toBeGreaterThan(8);
    expect(rate).toBeLessThan(10.5);
    expect(tree.get('fast')?.rate(60_000)).toBeLessThan(0.1);
  });

  it('stays within its topic cap and counts what it left out', () => {
    const tree = new TopicTree(3);
    ['a', 'b', 'c', 'd', 'a', 'e'].forEach((t) => tree.add(m(t)));
    expect(tree.topicCount).toBe(3);
    expect(tree.get('a')?.count).toBe(2);
    expect(tree.overflowMessages).toBe(2);
  });

  it('takes 100,000 distinct topics and flattens the expanded ones', () => {
    const tree = new TopicTree();
    for (let i = 0; i < 100_000; i++) tree.add(m(`fleet/${i % 100}/sensor/${i}`));
    expect(tree.topicCount).toBe(100_000);
    const expanded = new Set(['fleet', 'fleet/7', 'fleet/7/sensor']);
    const rows = flattenTopicTree(tree, expanded);
    expect(rows.length).toBe(1 + 100 + 1 + 1_000);
  });

  it('clears', () => {
    const tree = new TopicTree();
    tree.add(m('a/b'));
    tree.clear();
    expect(tree.topicCount).toBe(0);
    expect(flattenTopicTree(tree, new Set())).toEqual([]);
    tree.add(m('c'));
    expect(flattenTopicTree(tree, new Set()).map((r) => r.node.path)).toEqual(['c']);
  });
});
