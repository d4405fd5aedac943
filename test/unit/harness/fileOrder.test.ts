// The extension-host test files run in the order their numbers say (test/extension/fileOrder.ts).
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { runOrder } from '../../extension/fileOrder';

describe('extension-host test file order', () => {
  it('runs numbered files by number, not by text: 2 before 10, 9 before 10', () => {
    assert.deepEqual(
      runOrder(['10-shelves.test.js', '2-badInput.test.js', '1-roundTrip.test.js', '9-retention.test.js', '11-inbox.test.js']),
      ['1-roundTrip.test.js', '2-badInput.test.js', '9-retention.test.js', '10-shelves.test.js', '11-inbox.test.js'],
    );
  });

  it('runs files without a number after the numbered ones, by name; equal numbers by name', () => {
    assert.deepEqual(runOrder(['satisfaction.test.js', 'report.test.js', '3-b.test.js', '3-a.test.js', 'z-loop.test.js', '12-x.test.js']), [
      '3-a.test.js',
      '3-b.test.js',
      '12-x.test.js',
      'report.test.js',
      'satisfaction.test.js',
      'z-loop.test.js',
    ]);
  });

  it('orders the real main-window suite 1, 2, … 12, then the rest', () => {
    const folder = join(__dirname, '..', '..', 'extension', 'main');
    const names = readdirSync(folder).filter((name) => name.endsWith('.test.js'));
    const numbers = runOrder(names)
      .map((name) => /^(\d+)-/.exec(name)?.[1])
      .filter((value): value is string => value !== undefined)
      .map(Number);
    assert.ok(numbers.length >= 10, `numbered files found: ${numbers.join(', ')}`);
    assert.deepEqual(
      numbers,
      [...numbers].sort((a, b) => a - b),
    );
    assert.notDeepEqual(names.slice().sort(), runOrder(names), 'text order and number order differ for this folder');
  });
});
