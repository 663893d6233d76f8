import { useEffect, useRef, useState } from 'react';
import { DemoDevice, type DemoDeviceState } from '../../mqtt/demoDevice';
import type { Profile } from '../../stores/profileModel';
import { Button } from '../../shared/ui/Button';
import { TextField } from '../../shared/ui/Field';

/**
 * For class: a device inside the page with its own connection and last will. "Crash it" shows the broker
 * delivering the will; "Disconnect cleanly" shows that a DISCONNECT sends none.
 */
export function DemoDevicePanel({ profile }: { profile: Profile }) {
  const device = useRef<DemoDevice | null>(null);
  const [topic, setTopic] = useState(() => `classroom/demo-${Math.random().toString(16).slice(2, 6)}/status`);
  const [state, setState] = useState<DemoDeviceState>('stopped');
  const [detail, setDetail] = useState('');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => () => device.current?.stop(), []);

  const start = () => {
    device.current?.stop();
    const demo = new DemoDevice();
    demo.on('state', (s, text) => {
      setState(s);
      setDetail(text);
    });
    const fault = demo.start({
      url: profile.url.trim(),
      statusTopic: topic,
      protocolVersion: profile.protocolVersion,
      ...(profile.username ? { username: profile.username } : {}),
      ...(profile.password ? { password: profile.password } : {}),
    });
    setError(fault);
    if (!fault) device.current = demo;
  };

  const running = state === 'online' || state === 'connecting';
  return (
    <section aria-label="Demo device" className="rounded-md border border-slate-200 px-3 py-2 text-xs dark:border-slate-700">
      <h3 className="font-semibold text-slate-600 dark:text-slate-300">Demo device</h3>
      <p className="mt-0.5 text-slate-600 dark:text-slate-400">
        A device inside this page, with its own connection to {profile.url || 'the broker'} and a last will. Its card appears here (ESPHome rule:
        …/status).
      </p>
      <div className="mt-2 flex flex-col gap-2">
        <TextField label="Status topic" inputClassName="font-mono" value={topic} error={error} disabled={running} onChange={(e) => setTopic(e.target.value)} />
        <div className="flex flex-wrap gap-1.5">
          <Button size="sm" variant="primary" onClick={start} disabled={running}>
            {state === 'stopped' || running ? 'Start demo device' : 'Start again'}
          </Button>
          <Button size="sm" variant="danger" onClick={() => device.current?.crash()} disabled={state !== 'online'}>
            Crash it
          </Button>
          <Button size="sm" onClick={() => device.current?.disconnectCleanly(topic)} disabled={state !== 'online'}>
            Disconnect cleanly
          </Button>
        </div>
        {detail ? (
          <p aria-live="polite" className="text-slate-700 dark:text-slate-200">
            {detail}
          </p>
        ) : null}
      </div>
    </section>
  );
}
