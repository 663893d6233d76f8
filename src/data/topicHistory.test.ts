import { describe, expect, it } from 'vitest';
import { MessageLog } from './messageLog';
import { TopicHistory } from './topicHistory';
import { testMessage as m } from './testMessages';

const text = (ms: { payload: Uint8Array }[]) => ms.map((x) => new TextDecoder().decode(x.payload));

describe('TopicHistory', () => {
  it('keeps the newest messages of one topic, newest first, incrementally', () => {
    const log = new MessageLog(1_000);
    for (let i = 0; i < 10; i++) log.append(m(i % 2 ? 'a' : 'b', String(i)));
    const history = new TopicHistory('a', 3);
    expect(text(history.update(log))).toEqual(['9', '7', '5']);
    log.append(m('a', '10'));
    log.append(m('b', '11'));
    expect(text(history.update(log))).toEqual(['10', '9', '7']);
    log.clear();
    expect(history.update(log)).toEqual([]);
  });
});
