// A value one feature provides and others read, with an event when it changes: how features hand
// state to each other (the team templates, the response-time policy) without knowing each other.
import * as vscode from 'vscode';

export class Store<T> implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<T>();
  /** Fires after `set`, with the new value. */
  readonly onDidChange = this.emitter.event;

  constructor(private value: T) {}

  get current(): T {
    return this.value;
  }

  set(value: T): void {
    this.value = value;
    this.emitter.fire(value);
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
