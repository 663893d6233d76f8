import { EmptyState } from '../../shared/ui/EmptyState';

export function TopicsView() {
  return (
    <EmptyState title="Topic tree">
      Every topic that arrives, as a tree: message counts, last payload, rates and retained markers per node.
    </EmptyState>
  );
}
