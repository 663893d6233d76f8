import { useEffect, useRef, useState } from 'react';
import { useConnectionStatus } from '../../stores/connections';
import { useProfilesStore } from '../../stores/profiles';
import type { Profile } from '../../stores/profileModel';
import { useSessionActions, useSessionData } from '../../stores/sessionContext';
import { useViewsStore } from '../../stores/views';
import { Button } from '../../shared/ui/Button';
import { SelectField } from '../../shared/ui/Field';
import { LessonRunner, type StepResult } from './lessonRunner';
import { LESSONS, lessonById, type Lesson, type LessonStep } from './lessons';

/** `?lesson=qos2` opens that lesson. */
function lessonFromLink(): string {
  const wanted = typeof location === 'undefined' ? null : new URLSearchParams(location.search).get('lesson');
  return lessonById(wanted)?.id ?? (LESSONS[0] as Lesson).id;
}

type StepState = { running: true } | { running: false; result?: StepResult; error?: string };

/** The course, live: one lesson per concept, each step done on the connected broker and read back from the wire. */
export function LessonsView({ profile }: { profile: Profile }) {
  const [lessonId, setLessonId] = useState(lessonFromLink);
  const lesson = lessonById(lessonId) ?? (LESSONS[0] as Lesson);
  const index = LESSONS.indexOf(lesson);
  const choose = (id: string) => {
    setLessonId(id);
    // the address names the lesson, so it can be copied onto a slide
    const url = new URL(location.href);
    url.searchParams.set('lesson', id);
    history.replaceState(history.state, '', url);
  };
  return (
    <section aria-label="Lessons" className="flex h-full min-h-0 flex-col overflow-auto">
      <div className="flex flex-wrap items-end gap-2 border-b border-slate-200 px-3 py-2 dark:border-slate-800">
        <SelectField label="Lesson" className="min-w-56 flex-1 sm:max-w-md" value={lesson.id} onChange={(e) => choose(e.target.value)} options={LESSONS.map((l, i) => ({ value: l.id, label: `${i + 1}. ${l.title}` }))} />
        <Button size="sm" onClick={() => choose((LESSONS[index - 1] as Lesson).id)} disabled={index === 0}>
          ← Previous lesson
        </Button>
        <Button size="sm" onClick={() => choose((LESSONS[index + 1] as Lesson).id)} disabled={index === LESSONS.length - 1}>
          Next lesson →
        </Button>
      </div>
      {/* keyed: a lesson opened afresh starts with a runner and steps of its own */}
      <LessonPanel key={lesson.id} lesson={lesson} profile={profile} />
    </section>
  );
}

function LessonPanel({ lesson, profile }: { lesson: Lesson; profile: Profile }) {
  const actions = useSessionActions();
  const reader = useSessionData();
  const id = profile.id;
  const status = useConnectionStatus(id);
  const runner = useRef<LessonRunner | null>(null);
  const [steps, setSteps] = useState<StepState[]>(() => lesson.steps.map(() => ({ running: false })));
  const connected = status.state === 'connected';

  useEffect(() => {
    const created = new LessonRunner({
      profile: () => {
        const current = useProfilesStore.getState().profiles.find((p) => p.id === id);
        if (!current) throw new Error('This connection no longer exists.');
        return current;
      },
      actions,
      capture: reader.data(id).packets,
      updateProfile: (patch) => useProfilesStore.getState().update(id, patch),
    });
    runner.current = created;
    return () => created.dispose();
  }, [actions, reader, id]);

  const run = async (i: number, step: LessonStep) => {
    const r = runner.current;
    if (!r) return;
    setSteps((s) => s.map((x, j) => (j === i ? { running: true } : x)));
    let next: StepState;
    try {
      next = { running: false, result: await step.run(r) };
    } catch (error) {
      next = { running: false, error: error instanceof Error ? error.message : String(error) };
    }
    setSteps((s) => s.map((x, j) => (j === i ? next : x)));
  };

  const showInInspector = (seq: number) => {
    const views = useViewsStore.getState();
    views.patchInspector(profile.id, { selected: seq, stepping: null });
    views.setView(profile.id, 'inspector');
  };

  const busy = steps.some((s) => s.running);
  return (
    <article aria-label={lesson.title} className="mx-auto flex w-full max-w-4xl flex-col gap-3 p-3 text-sm text-slate-800 dark:text-slate-100">
      <h2 className="text-lg font-semibold text-slate-900 dark:text-white">{lesson.title}</h2>
      {lesson.intro.map((p) => (
        <p key={p} className="leading-relaxed text-slate-700 dark:text-slate-300">
          {p}
        </p>
      ))}
      {!connected ? (
        <p role="alert" className="rounded-md bg-amber-50 px-3 py-2 text-amber-900 dark:bg-amber-900/40 dark:text-amber-200">
          Connect to a broker first: the lessons work on this page’s connection and its demo device.
        </p>
      ) : null}
      <ol aria-label="Steps" className="flex flex-col gap-3">
        {lesson.steps.map((step, i) => {
          const state = steps[i] ?? { running: false };
          const result = state.running ? undefined : state.result;
          const error = state.running ? undefined : state.error;
          return (
            <li key={step.title} aria-label={`Step ${i + 1}: ${step.title}`} className="rounded-md border border-slate-200 p-3 dark:border-slate-700">
              <h3 className="font-semibold text-slate-900 dark:text-white">
                Step {i + 1}: {step.title}
              </h3>
              <p className="mt-1 text-slate-700 dark:text-slate-300">{step.say}</p>
              <p className="mt-1 text-slate-600 dark:text-slate-400">
                <span className="font-medium">Look at:</span> {step.look}
              </p>
              <div className="mt-2 flex flex-wrap items-center gap-2">
                <Button size="sm" variant="primary" aria-label={`Run step ${i + 1}: ${step.title}`} onClick={() => void run(i, step)} disabled={!connected || busy}>
                  {state.running ? 'Running…' : result || error ? `Run step ${i + 1} again` : `Run step ${i + 1}`}
                </Button>
                {result?.inspect !== undefined ? (
                  <Button size="sm" onClick={() => showInInspector(result.inspect as number)}>
                    Show in Inspector
                  </Button>
                ) : null}
              </div>
              <div role="log" aria-label={`Step ${i + 1}: what happened`} className="mt-2">
                {error ? <p className="text-red-700 dark:text-red-400">{error}</p> : null}
                {result ? (
                  <ul className="flex flex-col gap-0.5 rounded-md bg-slate-50 px-2 py-1.5 font-mono text-xs leading-relaxed break-words dark:bg-slate-950">
                    {result.lines.map((line, j) => (
                      <li key={j}>{line}</li>
                    ))}
                  </ul>
                ) : null}
                {result?.blocks?.map((b) => (
                  <figure key={b.label} className="mt-2">
                    <figcaption className="text-xs font-medium text-slate-600 dark:text-slate-400">{b.label}</figcaption>
                    <pre className="max-h-64 overflow-auto rounded-md bg-slate-50 p-2 text-xs whitespace-pre-wrap dark:bg-slate-950">{b.text}</pre>
                  </figure>
                ))}
              </div>
            </li>
          );
        })}
      </ol>
    </article>
  );
}
