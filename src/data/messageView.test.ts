import { describe, expect, it } from 'vitest';
import { compileTopicFilter } from '../mqtt/topic';
import { MessageLog } from './messageLog';
import { MessageView, type MessageCriteria } from './messageView';
import { testMessage as m } from './testMessages';

const all: MessageCriteria = { topicFilter: '', text: '' };

function rows(view: MessageView, log: MessageLog): string[] {
  return Array.from({ length: view.length }, (_, i) => log.get(view.seqAt(i))?.topic ?? '?');
}

describe('MessageView', () => {
  it('shows everything without criteria', () => {
    const log = new MessageLog(100);
    ['a', 'b', 'c'].forEach((t) => log.append(m(t)));
    const view = new MessageView();
    view.update(log, all, null);
    expect(rows(view, log)).toEqual(['a', 'b', 'c']);
    expect(view.isFiltered).toBe(false);
  });

  it('filters by an MQTT wildcard pattern and by text in topic or payload, incrementally', () => {
    const log = new MessageLog(100);
    log.append(m('home/kitchen/temp', '21'));
    log.append(m('home/hall/temp', '19'));
    log.append(m('home/hall/humidity', 'dry'));
    const view = new MessageView();
    const byTopic = { topicFilter: 'home/+/temp', text: '' };
    view.update(log, byTopic, null);
    expect(rows(view, log)).toEqual(['home/kitchen/temp', 'home/hall/temp']);
    log.append(m('home/attic/temp', '30'));
    log.append(m('office/desk/temp', '22'));
    view.update(log, byTopic, null);
    expect(rows(view, log)).toEqual(['home/kitchen/temp', 'home/hall/temp', 'home/attic/temp']);

    view.update(log, { topicFilter: '', text: 'DRY' }, null);
    expect(rows(view, log)).toEqual(['home/hall/humidity']);
    view.update(log, { topicFilter: '', text: 'attic' }, null);
    expect(rows(view, log)).toEqual(['home/attic/temp']);
  });

  it('hides what only muted subscriptions matched', () => {
    const log = new MessageLog(100);
    ['a/1', 'b/1', 'a/2'].forEach((t) => log.append(m(t)));
    const view = new MessageView();
    view.update(log, { topicFilter: '', text: '', hidden: compileTopicFilter('a/#'), hiddenKey: 'a/#' }, null);
    expect(rows(view, log)).toEqual(['b/1']);
  });

  it('pauses: shows what had arrived, counts what waits, loses nothing on resume', () => {
    const log = new MessageLog(100);
    ['x/1', 'y/1'].forEach((t) => log.append(m(t)));
    const view = new MessageView();
    const pausedAt = log.nextSeq;
    ['x/2', 'y/2', 'x/3'].forEach((t) => log.append(m(t)));
    view.update(log, all, pausedAt);
    expect(rows(view, log)).toEqual(['x/1', 'y/1']);
    expect(view.waiting).toBe(3);
    const onlyX = { topicFilter: 'x/+', text: '' };
    view.update(log, onlyX, pausedAt);
    expect(rows(view, log)).toEqual(['x/1']);
    expect(view.waiting).toBe(2);
    view.update(log, onlyX, null);
    expect(rows(view, log)).toEqual(['x/1', 'x/2', 'x/3']);
    expect(view.waiting).toBe(0);
  });

  it('follows the ring as old messages are dropped', () => {
    const log = new MessageLog(100);
    const view = new MessageView();
    const criteria = { topicFilter: 'keep/#', text: '' };
    for (let i = 0; i < 1_000; i++) {
      log.append(m(i % 2 ? `keep/${i}` : `skip/${i}`));
      if (i % 97 === 0) view.update(log, criteria, null);
    }
    view.update(log, criteria, null);
    expect(view.length).toBe(50);
    expect(log.get(view.seqAt(0))?.topic).toBe('keep/901');
    expect(log.get(view.seqAt(49))?.topic).toBe('keep/999');
  });

  it('empties when the log is cleared', () => {
    const log = new MessageLog(100);
    log.append(m('a'));
    const view = new MessageView();
    view.update(log, { topicFilter: 'a', text: '' }, null);
    log.clear();
    view.update(log, { topicFilter: 'a', text: '' }, null);
    expect(view.length).toBe(0);
  });
});
