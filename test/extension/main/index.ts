import { runFolder } from '../runMocha';

/** The main window's suite: the sender's side of the two-identity tests, and single-window tests. */
export function run(): Promise<void> {
  return runFolder(__dirname);
}
