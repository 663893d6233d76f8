import { Component, type ReactNode } from 'react';
import { Button } from './Button';

interface Props {
  /** What is shown here, for the message: "The Topics view", "The message on lab/t at 12:00:01.123". */
  what: string;
  /** When this changes, a caught error is forgotten and the children are tried again (another message picked). */
  resetKey?: string | number;
  children: ReactNode;
}

interface State {
  error: Error | null;
  resetKey: string | number | undefined;
}

/**
 * Keeps an error in one view inside that view: it names what failed and why, and the rest of the app (the
 * connection, the counters, the other views) keeps running. Payloads come from strangers: whatever slips
 * past the guards in the renderers stops here.
 */
export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null, resetKey: this.props.resetKey };

  static getDerivedStateFromError(error: unknown): Partial<State> {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  static getDerivedStateFromProps(props: Props, state: State): Partial<State> | null {
    return props.resetKey !== state.resetKey ? { error: null, resetKey: props.resetKey } : null;
  }

  override componentDidCatch(error: unknown): void {
    console.error(`${this.props.what} failed:`, error);
  }

  override render(): ReactNode {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <div role="alert" className="m-3 rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100">
        <p className="font-semibold">{this.props.what} could not be shown.</p>
        <p className="mt-1 break-words">
          {error.name}: {error.message.slice(0, 300)}
        </p>
        <p className="mt-1">Everything else keeps running: the connection, the counters and the other views.</p>
        <Button size="sm" className="mt-2" onClick={() => this.setState({ error: null })}>
          Try again
        </Button>
      </div>
    );
  }
}
