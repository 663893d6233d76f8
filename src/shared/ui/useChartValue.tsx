import { useState, type ReactNode } from 'react';
import { lineLabel } from '../../data/charts';
import { useProfilesStore } from '../../stores/profiles';
import { useSessionActions, type ChartValueOptions } from '../../stores/sessionContext';
import { ConfirmDialog } from './ConfirmDialog';

interface Asking {
  filter: string;
  path: string;
  options: ChartValueOptions;
  panelId: string;
  why: string;
}

/**
 * "Chart" on a value, as every view offers it: the series joins a panel of the same unit and device, or
 * starts one; when the open panel shows another unit or device, the user chooses (the returned dialog).
 */
export function useChartValue(profileId: string): { chart(filter: string, path: string, options?: ChartValueOptions): void; dialog: ReactNode } {
  const actions = useSessionActions();
  const [asking, setAsking] = useState<Asking | null>(null);
  const panelTitle = useProfilesStore((s) => s.profiles.find((p) => p.id === profileId)?.charts.panels.find((p) => p.id === asking?.panelId)?.title ?? '');
  const chart = (filter: string, path: string, options: ChartValueOptions = {}) => {
    const placement = actions.chartValue(profileId, filter, path, options);
    if (placement.kind === 'ask') setAsking({ filter, path, options, panelId: placement.panelId, why: placement.why });
  };
  const add = (target: string) => {
    if (!asking) return;
    actions.addSeriesTo(profileId, asking.filter, asking.path, target, asking.options);
    setAsking(null);
  };
  const dialog = (
    <ConfirmDialog
      open={asking !== null}
      title={`Chart ${asking ? lineLabel(asking.filter, asking.path) : ''}`}
      confirmLabel="New chart"
      alternative={{ label: `Add to “${panelTitle}”`, onChoose: () => add(asking?.panelId ?? 'new') }}
      onConfirm={() => add('new')}
      onCancel={() => setAsking(null)}
    >
      {asking?.why} Start a chart of its own, or add it to that one?
    </ConfirmDialog>
  );
  return { chart, dialog };
}
