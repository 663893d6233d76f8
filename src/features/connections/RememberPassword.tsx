import { useState } from 'react';
import { ConfirmDialog } from '../../shared/ui/ConfirmDialog';
import { Checkbox } from '../../shared/ui/Field';

/** "Remember password": stored only after saying plainly what storing it means. */
export function RememberPassword({ checked, onChange }: { checked: boolean; onChange(remember: boolean): void }) {
  const [asking, setAsking] = useState(false);
  return (
    <>
      <Checkbox label="Remember password" checked={checked} onChange={(e) => (e.target.checked ? setAsking(true) : onChange(false))} />
      <ConfirmDialog
        open={asking}
        title="Remember the password in this browser?"
        confirmLabel="Remember it"
        onCancel={() => setAsking(false)}
        onConfirm={() => {
          setAsking(false);
          onChange(true);
        }}
      >
        It is stored as plain text in this browser&apos;s storage for this site: anyone who uses this browser profile can read it. It is never
        written into exported files or links. Untick the box to forget it.
      </ConfirmDialog>
    </>
  );
}
