/**
 * The same message as a minimal HTTP/1.1 POST, line by line with byte counts, beside its MQTT PUBLISH.
 * The response is not counted (HTTP always sends one; MQTT QoS 0 sends none).
 */
export interface HttpLine {
  text: string;
  bytes: number;
}

export function httpPostFor(topic: string, payloadBytes: number, host: string): { lines: HttpLine[]; total: number } {
  const enc = new TextEncoder();
  const path = `/${topic.split('/').map(encodeURIComponent).join('/')}`;
  const texts = [`POST ${path} HTTP/1.1`, `Host: ${host}`, 'Content-Type: application/octet-stream', `Content-Length: ${payloadBytes}`, ''];
  const lines = texts.map((text) => ({ text: `${text}\\r\\n`, bytes: enc.encode(text).byteLength + 2 }));
  lines.push({ text: `(the payload, ${payloadBytes} bytes)`, bytes: payloadBytes });
  return { lines, total: lines.reduce((sum, l) => sum + l.bytes, 0) };
}
