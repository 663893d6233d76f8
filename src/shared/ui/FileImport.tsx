import { useRef, type ComponentProps } from 'react';
import { Button } from './Button';

interface FileImportProps {
  /** The button's text ("Import profiles"). */
  label: string;
  /** The file input's accessible name ("Profiles file to import"). */
  inputLabel: string;
  accept: string;
  /** Why a file is refused by its size alone, or null: checked before a byte of it is read. */
  tooLarge(bytes: number): string | null;
  onRefused(reason: string): void;
  /** The chosen file's text and name. */
  onText(text: string, name: string): void | Promise<void>;
  size?: ComponentProps<typeof Button>['size'];
  variant?: ComponentProps<typeof Button>['variant'];
}

/** A button that opens a file, refuses it by size before reading it, and hands over its text. */
export function FileImport({ label, inputLabel, accept, tooLarge, onRefused, onText, size, variant }: FileImportProps) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <Button {...(size ? { size } : {})} {...(variant ? { variant } : {})} onClick={() => input.current?.click()}>
        {label}
      </Button>
      <input
        ref={input}
        type="file"
        accept={accept}
        aria-label={inputLabel}
        className="hidden"
        onChange={async (e) => {
          const file = e.target.files?.[0];
          // the same file chosen again is news too
          e.target.value = '';
          if (!file) return;
          const refused = tooLarge(file.size);
          if (refused) return onRefused(refused);
          await onText(await file.text(), file.name);
        }}
      />
    </>
  );
}
