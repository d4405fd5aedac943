import type * as vscode from 'vscode';

/** Owns child disposables: whatever is registered is released, in reverse order, by dispose(). */
export class Disposable implements vscode.Disposable {
  private readonly children: vscode.Disposable[] = [];
  private disposed = false;

  protected register<T extends vscode.Disposable>(child: T): T {
    if (this.disposed) child.dispose();
    else this.children.push(child);
    return child;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const child of this.children.reverse()) child.dispose();
    this.children.length = 0;
  }
}
