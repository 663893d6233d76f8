/** Saves text as a file the browser downloads. */
export function downloadText(filename: string, text: string, mime: string): void {
  downloadBlob(filename, new Blob([text], { type: mime }));
}

/** Saves a blob as a file the browser downloads. */
export function downloadBlob(filename: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A file name stamp: 2026-11-25T14-05-09 */
export function fileStamp(date = new Date()): string {
  return date.toISOString().slice(0, 19).replace(/:/g, '-');
}

/** A name safe in a file name on every system: letters, digits, dot, dash and underscore. */
export function safeFileName(text: string): string {
  return text.replace(/[^\w.-]+/g, '_').slice(0, 120) || 'mqttscope';
}
