import { useState } from 'react';
import { useSessionActions } from '../../stores/sessionContext';
import { Button } from './Button';
import { ConfirmDialog } from './ConfirmDialog';

/**
 * "Clear retained" on a topic: asks first, then publishes an empty retained message (the broker deletes
 * the one it holds) and says how it went. Used by the topic tree and the publish panel.
 */
export function ClearRetained({
  connectionId,
  topic,
  disabled,
  label,
  variant,
  clearedText,
  available = true,
}: {
  connectionId: string;
  topic: string;
  disabled: boolean;
  label: string;
  variant: 'ghost' | 'danger';
  /** Shown once the broker acknowledged the empty retained message. */
  clearedText: string;
  /** False hides the button (nothing retained to clear) but keeps the last result in view. */
  available?: boolean;
}) {
  const actions = useSessionActions();
  const [confirming, setConfirming] = useState(false);
  const [result, setResult] = useState<string | null>(null);
  if (!available && !result) return null;
  return (
    <div className="flex flex-wrap items-center gap-2">
      {available ? (
        <Button size="sm" variant={variant} disabled={disabled} onClick={() => setConfirming(true)}>
          {label}
        </Button>
      ) : null}
      {result ? <span className="text-xs text-slate-600 dark:text-slate-300">{result}</span> : null}
      <ConfirmDialog
        open={confirming}
        title="Clear the retained message?"
        confirmLabel="Clear retained"
        danger
        onCancel={() => setConfirming(false)}
        onConfirm={() => {
          setConfirming(false);
          actions.clearRetained(connectionId, topic).then(
            () => setResult(clearedText),
            (error: Error) => setResult(`Not cleared: ${error.message}`),
          );
        }}
      >
        This publishes an empty retained message to <span className="font-mono">{topic}</span>. The broker then deletes the retained message
        it holds there, and new subscribers no longer receive it.
      </ConfirmDialog>
    </div>
  );
}
