/** Which field of a payload a discovered entity reads (kept apart from the parser, which loads late). */
import type { DiscoveredEntity } from './discovery';

/** Whether an entity's template reads the JSON field at `path` ("AM2301.Temperature"; "" for the payload). */
export function readsPath(entity: DiscoveredEntity, path: string): boolean {
  if (!entity.templateSource) return path === '';
  const normal = entity.templateSource.replace(/\[\s*['"]([^'"]+)['"]\s*\]/g, '.$1').replace(/\[(\d+)\]/g, '[$1]').replace(/\s+/g, '');
  if (path === '') return /\{\{value(\|[a-z]+(\([^)]*\))?)*\}\}/.test(normal);
  return new RegExp(`value_json\\.${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w.\\[])`).test(normal);
}
