/**
 * Topic names and topic filters as MQTT 3.1.1 §4.7 and MQTT 5.0 §4.7-4.8 define them.
 *
 * Matching walks level by level, as the spec reads; no regular expressions are built from user input.
 */

/** Longest UTF-8 encoded string MQTT can carry (a two-byte length prefix). */
export const MAX_TOPIC_BYTES = 65_535;

const SHARE_PREFIX = '$share/';

const utf8 = new TextEncoder();

/** Number of bytes a string takes in UTF-8 (what the length prefix on the wire counts). */
export function utf8ByteLength(text: string): number {
  // Fast path: a string of UTF-16 code units below 0x80 is its own length in UTF-8.
  let ascii = true;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) > 0x7f) {
      ascii = false;
      break;
    }
  }
  return ascii ? text.length : utf8.encode(text).length;
}

function commonFaults(text: string, what: string): string | null {
  if (text.length === 0) return `A ${what} must not be empty.`;
  if (text.includes('\u0000')) return `A ${what} must not contain the null character (U+0000).`;
  const bytes = utf8ByteLength(text);
  if (bytes > MAX_TOPIC_BYTES) {
    return `A ${what} may be at most ${MAX_TOPIC_BYTES.toLocaleString('en')} bytes of UTF-8; this one is ${bytes.toLocaleString('en')}.`;
  }
  return null;
}

/** A `$share/{group}/{filter}` subscription split into its parts (MQTT 5.0 §4.8.2). */
export interface SharedSubscription {
  group: string;
  filter: string;
}

/** Splits a shared subscription; returns null for a filter that does not start with `$share/`. */
export function parseSharedSubscription(filter: string): SharedSubscription | null {
  if (!filter.startsWith(SHARE_PREFIX)) return null;
  const rest = filter.slice(SHARE_PREFIX.length);
  const slash = rest.indexOf('/');
  if (slash < 0) return { group: rest, filter: '' };
  return { group: rest.slice(0, slash), filter: rest.slice(slash + 1) };
}

function filterLevelFault(filter: string): string | null {
  const levels = filter.split('/');
  for (let i = 0; i < levels.length; i++) {
    const level = levels[i] as string;
    if (level.includes('#')) {
      if (level !== '#') {
        return `"#" must take a whole level on its own (as in "${suggestWhole(levels, i, '#')}"), not share it with other characters ("${level}").`;
      }
      if (i !== levels.length - 1) {
        return `"#" must be the last level of a filter: it already matches everything below "${levels.slice(0, i).join('/') || 'the root'}".`;
      }
    }
    if (level.includes('+') && level !== '+') {
      return `"+" must take a whole level on its own (as in "${suggestWhole(levels, i, '+')}"), not share it with other characters ("${level}").`;
    }
  }
  return null;
}

function suggestWhole(levels: string[], index: number, wildcard: '#' | '+'): string {
  const fixed = levels.slice(0, index);
  const rest = (levels[index] as string).split(wildcard).filter((part) => part.length > 0);
  fixed.push(...rest, wildcard);
  if (wildcard === '+') fixed.push(...levels.slice(index + 1));
  return fixed.join('/');
}

/**
 * Validates a topic filter for SUBSCRIBE. Returns a sentence saying what is wrong, or null when legal.
 * Empty levels ("a//b", "/a") are legal, as the spec says. Shared subscriptions are checked part by part.
 */
export function validateTopicFilter(filter: string): string | null {
  const common = commonFaults(filter, 'topic filter');
  if (common) return common;
  const shared = parseSharedSubscription(filter);
  if (shared) {
    if (shared.group.length === 0) return 'A shared subscription needs a group name: "$share/<group>/<filter>".';
    if (/[+#]/.test(shared.group)) return `The share group name "${shared.group}" must not contain "+" or "#".`;
    if (shared.filter.length === 0) return `A shared subscription needs a filter after the group: "$share/${shared.group}/<filter>".`;
    return filterLevelFault(shared.filter);
  }
  return filterLevelFault(filter);
}

/** Validates a topic name for PUBLISH (and a last will). Returns a sentence, or null when legal. */
export function validateTopicName(topic: string): string | null {
  const common = commonFaults(topic, 'topic');
  if (common) return common;
  if (topic.includes('+') || topic.includes('#')) {
    return 'A topic you publish to must not contain the wildcards "+" or "#"; they are only for subscribing.';
  }
  return null;
}

/** A warning (not an error) for a legal topic name that brokers treat specially. */
export function topicNameWarning(topic: string): string | null {
  if (topic.startsWith('$')) {
    return 'Topics starting with "$" are reserved for the broker (like $SYS); most brokers refuse or ignore publishes to them.';
  }
  return null;
}

/** A compiled filter: call it with a topic name. */
export type TopicMatcher = (topic: string) => boolean;

/**
 * Compiles a (valid) topic filter into a matcher. `#` also matches its parent level ("a/#" matches "a"),
 * and a filter starting with a wildcard does not match topics starting with "$" (MQTT §4.7.2).
 * A shared subscription matches as its inner filter.
 */
export function compileTopicFilter(filter: string): TopicMatcher {
  const inner = parseSharedSubscription(filter)?.filter ?? filter;
  if (inner === '#') return (topic) => !topic.startsWith('$');
  const levels = inner.split('/');
  const hasWildcard = levels.some((level) => level === '+' || level === '#');
  if (!hasWildcard) return (topic) => topic === inner;
  const first = levels[0];
  const leadingWildcard = first === '+' || first === '#';
  const count = levels.length;
  return (topic) => {
    if (leadingWildcard && topic.charCodeAt(0) === 0x24 /* $ */) return false;
    let start = 0;
    for (let i = 0; i < count; i++) {
      const level = levels[i] as string;
      if (level === '#') return true;
      if (start > topic.length) return false; // the topic ran out of levels
      let end = topic.indexOf('/', start);
      if (end < 0) end = topic.length;
      if (level !== '+') {
        if (end - start !== level.length || !topic.startsWith(level, start)) return false;
      }
      start = end + 1;
    }
    // every filter level consumed: the topic must have no levels left
    return start === topic.length + 1;
  };
}

/** Whether a topic name matches a topic filter. Compile once with {@link compileTopicFilter} in loops. */
export function topicMatches(filter: string, topic: string): boolean {
  return compileTopicFilter(filter)(topic);
}
