/**
 * Coalesces edits: a document is analysed once the burst of changes that reached the server
 * has been applied. The JSON-RPC layer hands over one message per event-loop turn, so the
 * queue waits for a turn in which no new change arrived, then analyses the newest text;
 * versions overtaken meanwhile are never analysed.
 */
export class AnalysisQueue {
  private readonly dirty = new Set<string>();
  private changedThisTurn = false;
  private scheduled = false;

  constructor(private readonly run: (uri: string) => Promise<void>) {}

  request(uri: string): void {
    this.dirty.add(uri);
    this.changedThisTurn = true;
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.tick());
    }
  }

  /** Drops a pending analysis (the document was closed). */
  cancel(uri: string): void {
    this.dirty.delete(uri);
  }

  private tick(): void {
    if (this.changedThisTurn) {
      this.changedThisTurn = false;
      setImmediate(() => this.tick());
      return;
    }
    this.scheduled = false;
    const uris = [...this.dirty];
    this.dirty.clear();
    void (async () => {
      for (const uri of uris) await this.run(uri);
    })();
  }
}
