/**
 * The screen's error boundary: an error while React draws is handed to the screen's last handler
 * (src/ui/show.tsx), which brings Ink down with a sentence. Without it Ink draws its own error
 * page, the error's message (which may quote caller data), the code around it and a stack trace,
 * over the agent's call.
 */
import { Component, type ReactNode } from 'react';

export class LastResort extends Component<{ readonly onError: (error: unknown) => void; readonly children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override componentDidCatch(error: unknown): void {
    this.props.onError(error);
  }

  override render(): ReactNode {
    return this.state.failed ? null : this.props.children;
  }
}
