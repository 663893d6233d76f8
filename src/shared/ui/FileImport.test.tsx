// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { recordingTooLarge } from '../../stores/historyActions';
import { FileImport } from './FileImport';

afterEach(cleanup);

function choose(file: File) {
  const input = screen.getByLabelText('Recording file to import') as HTMLInputElement;
  Object.defineProperty(input, 'files', { value: [file], configurable: true });
  fireEvent.change(input);
}

describe('FileImport', () => {
  it('refuses a file by its size before reading a byte of it, and hands over the text of one that fits', async () => {
    const onText = vi.fn();
    const onRefused = vi.fn();
    render(<FileImport label="Import recording…" inputLabel="Recording file to import" accept=".jsonl" tooLarge={recordingTooLarge} onRefused={onRefused} onText={onText} />);
    const huge = new File(['x'], 'huge.jsonl');
    Object.defineProperty(huge, 'size', { value: 2_000_000_000 });
    const text = vi.fn(() => Promise.resolve('x'));
    Object.defineProperty(huge, 'text', { value: text });
    choose(huge);
    await waitFor(() => expect(onRefused).toHaveBeenCalledWith('This file is 2000 MB: recordings of up to 300 MB are read. Split it, or record fewer topics.'));
    expect(text).not.toHaveBeenCalled();
    expect(onText).not.toHaveBeenCalled();
    const small = new File(['{"a":1}\n'], 'small.jsonl');
    Object.defineProperty(small, 'text', { value: () => Promise.resolve('{"a":1}\n') });
    choose(small);
    await waitFor(() => expect(onText).toHaveBeenCalledWith('{"a":1}\n', 'small.jsonl'));
    expect(screen.getByRole('button', { name: 'Import recording…' })).toBeTruthy();
  });
});
