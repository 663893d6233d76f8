import { EmptyState } from '../../shared/ui/EmptyState';

export function ChartsView() {
  return (
    <EmptyState title="Live charts">
      Chart any number on any topic: plain numeric payloads and every numeric field of a JSON payload.
    </EmptyState>
  );
}
