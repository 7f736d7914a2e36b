import * as vscode from 'vscode';

import { COMMANDS } from './constants';

const SOURCE = 'ML Hygiene';

/**
 * A status-bar item with the active file's ML Hygiene errors and warnings; clicking it opens the
 * Shadow ML view. Hidden when the active editor is not a file the server analyses.
 */
export function createStatusBar(): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('mlHygiene.status', vscode.StatusBarAlignment.Left, 10);
  item.name = 'ML Hygiene';
  item.command = COMMANDS.showShadowMl;
  const update = () => {
    const doc = vscode.window.activeTextEditor?.document;
    if (!doc || doc.languageId !== 'python') {
      item.hide();
      return;
    }
    const ours = vscode.languages.getDiagnostics(doc.uri).filter((d) => d.source === SOURCE);
    const errors = ours.filter((d) => d.severity === vscode.DiagnosticSeverity.Error).length;
    const warnings = ours.filter((d) => d.severity === vscode.DiagnosticSeverity.Warning).length;
    item.text = `$(shield) ${errors} $(warning) ${warnings}`;
    item.tooltip = `ML Hygiene: ${errors} errors and ${warnings} warnings in this file. Click to open the Shadow ML view.`;
    item.accessibilityInformation = { label: `ML Hygiene: ${errors} errors, ${warnings} warnings in this file` };
    item.show();
  };
  update();
  return vscode.Disposable.from(
    item,
    vscode.window.onDidChangeActiveTextEditor(update),
    vscode.languages.onDidChangeDiagnostics((e) => {
      const active = vscode.window.activeTextEditor?.document.uri.toString();
      if (active && e.uris.some((u) => u.toString() === active)) update();
    }),
  );
}
