/** Sparkplug B topics: spBv1.0/<group>/<type>/<node>[/<device>] (STATE, the host's, is JSON and not one of these). */
import type { SparkplugFacts } from '../../mqtt/types';

export function sparkplugTopic(topic: string): SparkplugFacts | null {
  const levels = topic.split('/');
  if (levels[0] !== 'spBv1.0' || levels.length < 4 || levels.length > 5) return null;
  const [, group, type, node, device] = levels as [string, string, string, string, string | undefined];
  if (!/^[ND](BIRTH|DEATH|DATA|CMD)$/.test(type)) return null;
  if ((type[0] === 'D') !== (device !== undefined)) return null;
  return device === undefined ? { type, group, node } : { type, group, node, device };
}
