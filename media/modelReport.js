// The scan report's only script: the "open anyway" button asks the extension to reopen the file.
(function () {
  const vscode = acquireVsCodeApi();
  const button = document.getElementById('open-as-text');
  if (button) button.addEventListener('click', () => vscode.postMessage({ type: 'openAsText' }));
})();
