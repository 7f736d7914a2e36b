import * as vscode from 'vscode';
import {
  CloseAction,
  type CloseHandlerResult,
  type ErrorHandler,
  type ErrorHandlerResult,
  type Message,
} from 'vscode-languageclient/node';

import { COMMANDS } from './constants';

/**
 * Wraps vscode-languageclient's default error handler (restart up to 4 times in 3 minutes) so
 * that the decision stays the library's, while the person sees what happened in our words: a
 * warning after each restart, and an error with a "Restart" button once the client gives up.
 */
export class NotifyingErrorHandler implements ErrorHandler {
  private inner: ErrorHandler | undefined;

  /**
   * @param output where each crash is logged.
   * @param createDefault makes the library's handler; called lazily because it needs the client,
   *   and the client needs this handler in its options first.
   */
  constructor(
    private readonly output: vscode.OutputChannel,
    private readonly createDefault: () => ErrorHandler,
  ) {}

  /** Connection read/write errors: the library's decision, unchanged. */
  error(
    error: Error,
    message: Message | undefined,
    count: number | undefined,
  ): ErrorHandlerResult | Promise<ErrorHandlerResult> {
    return this.defaults().error(error, message, count);
  }

  /** The server process went away: restart as the library would, and tell the person. */
  async closed(): Promise<CloseHandlerResult> {
    const result = await this.defaults().closed();
    if (result.action === CloseAction.Restart) {
      const text = 'ML Hygiene: the language server stopped and was restarted';
      this.log(text);
      void vscode.window.showWarningMessage(text);
    } else {
      this.log(result.message ?? 'ML Hygiene: the language server stopped for good.');
      void this.offerRestart();
    }
    // NOTE: `handled` keeps the client from showing a second, generic message.
    return { ...result, handled: true };
  }

  private defaults(): ErrorHandler {
    this.inner ??= this.createDefault();
    return this.inner;
  }

  private log(text: string): void {
    this.output.appendLine(`[${new Date().toISOString()}] ${text}`);
  }

  private async offerRestart(): Promise<void> {
    const restart = 'Restart';
    const choice = await vscode.window.showErrorMessage(
      'ML Hygiene: the language server kept stopping and was not restarted. See the output.',
      restart,
    );
    if (choice === restart) await vscode.commands.executeCommand(COMMANDS.restartServer);
  }
}
