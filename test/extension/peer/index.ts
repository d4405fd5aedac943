import { runFolder } from '../runMocha';

/** The second identity's window: the recipient's side of the two-identity tests. */
export function run(): Promise<void> {
  return runFolder(__dirname);
}
