import { memo, useEffect, useMemo, useReducer } from 'react';
import { formatBytes } from '../../mqtt/payload';
import { Button } from '../ui/Button';
import { payloadChunks, type ChunkedView } from './payloadChunks';

/** Chunks added per frame, at first; doubled while frames stay short, halved when one runs long. */
const START_CHUNKS_PER_FRAME = 1;
const MAX_CHUNKS_PER_FRAME = 4;
/** A frame gap above this means the last batch was too much to lay out. */
const LONG_FRAME_MS = 40;

/**
 * Each chunk is a block of its own, laid out only near the viewport (content-visibility: auto), so adding
 * a chunk costs the same at the 70th as at the first: as spans in one block, every chunk re-laid out the
 * whole text, and a 10 MB payload took minutes (measured: 94 ms per chunk growing past 600 ms, against
 * 17 ms flat as blocks).
 */
const CHUNK_STYLE = { contentVisibility: 'auto', containIntrinsicSize: 'auto 2000px' } as const;
const Chunk = memo(function Chunk({ text }: { text: string }) {
  return <div style={CHUNK_STYLE}>{text}</div>;
});

/**
 * A payload as text, hex or base64, of any size, without one long task: the first chunk at once, the
 * rest a few per animation frame with a progress bar and Cancel (then Continue). A 10 MB payload shows
 * its first 128 K characters at once and the rest over a few seconds while the page stays responsive.
 */
export function IncrementalPre({ bytes, view, className }: { bytes: Uint8Array; view: ChunkedView; className: string }) {
  const chunks = useMemo(() => payloadChunks(bytes, view), [bytes, view]);
  chunks.chunk(0);
  const [running, setRunning] = useReducer((_: boolean, next: boolean) => next, true);
  const [, bump] = useReducer((n: number) => n + 1, 0);
  const made = chunks.made().length;
  const done = made >= chunks.count;

  useEffect(() => {
    if (!running || done) return;
    let perFrame = START_CHUNKS_PER_FRAME;
    let last = performance.now();
    let handle = 0;
    const step = (now: number) => {
      if (now - last > LONG_FRAME_MS) perFrame = Math.max(1, perFrame / 2);
      else perFrame = Math.min(MAX_CHUNKS_PER_FRAME, perFrame * 2);
      last = now;
      const target = chunks.made().length + Math.floor(perFrame) - 1;
      chunks.chunk(target);
      bump();
      if (chunks.made().length < chunks.count) handle = requestAnimationFrame(step);
    };
    handle = requestAnimationFrame(step);
    return () => cancelAnimationFrame(handle);
  }, [chunks, running, done]);

  const shownBytes = chunks.bytesUpTo(made);
  return (
    <>
      {chunks.count > 1 && !done ? (
        <div className="sticky top-0 mb-1 flex flex-wrap items-center gap-2 bg-slate-50 py-1 text-xs text-slate-700 dark:bg-slate-950 dark:text-slate-300">
          <progress aria-label="Payload shown so far" max={bytes.byteLength} value={shownBytes} className="h-2 w-32" />
          <span>
            {running ? 'Showing' : 'Stopped at'} {formatBytes(shownBytes)} of {formatBytes(bytes.byteLength)}
          </span>
          <Button size="sm" onClick={() => setRunning(!running)}>
            {running ? 'Cancel' : 'Continue'}
          </Button>
        </div>
      ) : null}
      {chunks.invalidUtf8() ? (
        <p className="mb-1 text-xs text-amber-700 dark:text-amber-400">Not valid UTF-8: invalid bytes show as �. The Hex view shows them as they are.</p>
      ) : null}
      <div className={className}>
        {chunks.made().map((text, i) => (
          <Chunk key={i} text={text} />
        ))}
      </div>
    </>
  );
}
