// The scan report's only script: its buttons ask the extension to reopen the file as text or hex,
// or to scan a file over the size limit anyway.
(function () {
  const vscode = acquireVsCodeApi();
  const open = document.getElementById('open-as-text');
  if (open) open.addEventListener('click', () => vscode.postMessage({ type: 'openAsText' }));
  const scan = document.getElementById('scan-anyway');
  if (scan) scan.addEventListener('click', () => vscode.postMessage({ type: 'scanAnyway' }));
})();
