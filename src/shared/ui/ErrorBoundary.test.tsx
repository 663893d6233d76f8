// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ErrorBoundary } from './ErrorBoundary';

let broken = true;
function Fragile({ label }: { label: string }) {
  if (broken) throw new RangeError('Maximum call stack size exceeded');
  return <p>{label} is fine</p>;
}

afterEach(cleanup);

describe('ErrorBoundary', () => {
  it('names what failed and why, keeps its neighbours, and tries again when asked or when another item is picked', () => {
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => {});
    broken = true;
    const { rerender } = render(
      <>
        <ErrorBoundary what="The message on lab/deep at 12:00:00.000" resetKey="a">
          <Fragile label="a" />
        </ErrorBoundary>
        <p>the counters</p>
      </>,
    );
    expect(screen.getByRole('alert').textContent).toContain('The message on lab/deep at 12:00:00.000 could not be shown.');
    expect(screen.getByRole('alert').textContent).toContain('RangeError: Maximum call stack size exceeded');
    expect(screen.getByText('the counters')).toBeTruthy();

    broken = false;
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(screen.getByText('a is fine')).toBeTruthy();

    broken = true;
    rerender(
      <ErrorBoundary what="The topic b" resetKey="b">
        <Fragile label="b" />
      </ErrorBoundary>,
    );
    expect(screen.getByRole('alert').textContent).toContain('The topic b could not be shown.');
    broken = false;
    rerender(
      <ErrorBoundary what="The topic c" resetKey="c">
        <Fragile label="c" />
      </ErrorBoundary>,
    );
    expect(screen.getByText('c is fine')).toBeTruthy();
    quiet.mockRestore();
  });
});
