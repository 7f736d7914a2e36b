/**
 * Model-file extensions the CLI and the editor pick up in folders (content still decides the
 * format). A module of its own, so the client's file watcher imports the list without the scanner.
 */
export const ARTIFACT_EXTENSIONS = ['.pkl', '.pickle', '.pck', '.joblib', '.dill', '.pt', '.pth', '.ckpt', '.bin', '.npy', '.npz', '.keras', '.h5', '.hdf5', '.safetensors', '.mar', '.nemo', '.dat', '.data', '.onnx', 'saved_model.pb', 'keras_metadata.pb'];

export function isArtifactPath(p: string): boolean {
  const lower = p.toLowerCase();
  return ARTIFACT_EXTENSIONS.some((e) => lower.endsWith(e));
}

/** The same list as one glob, for file watchers: `**\/*.{pkl,...}` and the protobuf names. */
export function artifactGlobs(): string[] {
  const dotted = ARTIFACT_EXTENSIONS.filter((e) => e.startsWith('.')).map((e) => e.slice(1));
  return [`**/*.{${dotted.join(',')}}`, ...ARTIFACT_EXTENSIONS.filter((e) => !e.startsWith('.')).map((n) => `**/${n}`)];
}
