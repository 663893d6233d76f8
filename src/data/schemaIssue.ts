/** Schema problems (valibot issues) in words, with where they are. */
import type * as v from 'valibot';

/** "subscriptions[0].qos: must be 0, 1 or 2" */
export function describeIssue(issue: v.BaseIssue<unknown>): string {
  let path = '';
  for (const item of issue.path ?? []) {
    const key = (item as { key: unknown }).key;
    path += typeof key === 'number' ? `[${key}]` : path ? `.${String(key)}` : String(key);
  }
  return path ? `${path}: ${issue.message}` : issue.message;
}
