// `liaison demo --data DIR [--space NAME]`: puts the sample records into a store folder (a
// server's --data or a client's store), so a first `npm start` shows a working team space.
// Records already there are left alone: running it twice adds nothing. An empty directory gets
// the demo team's people, departments and heads (a directory someone filled in is left alone).
import { pastCases } from '../../demo/pastCases';
import { DEMO_DIRECTORY, demoRecords } from '../../demo/sampleRecords';
import { readDirectory, writeDirectory } from '../../store/directoryDoc';
import { LocalStore } from '../../store/localStore';
import { hasRecord, putRecord } from '../../store/recordsDoc';
import type { Command, CommandIo } from '../command';
import { UsageError, parseFlags } from '../command';

const usage = `usage: liaison demo --data DIR [--space NAME]
  --data DIR     store folder to seed (DIR/spaces/<name>), e.g. the server's --data
  --space NAME   space to put the sample records in (default internal)`;

export const demoCommand: Command = {
  name: 'demo',
  summary: 'seed a store folder with sample records to try Liaison out',
  usage,
  async run(args: readonly string[], io: CommandIo): Promise<number> {
    const flags = parseFlags('demo', args, { values: ['data', 'space'] });
    const data = flags.values.get('data');
    if (!data) throw new UsageError('demo: --data DIR is required');
    const spaceName = flags.values.get('space') ?? 'internal';
    const store = new LocalStore(data);
    try {
      const space = await store.openSpace(spaceName);
      const now = new Date();
      const fresh = [...demoRecords(now, spaceName), ...pastCases(now, spaceName)].filter((record) => !hasRecord(space.doc, record.id));
      for (const record of fresh) putRecord(space.doc, record);
      const directory = readDirectory(space.doc);
      const seedDirectory = directory.people.length === 0 && directory.departments.length === 0;
      if (seedDirectory) writeDirectory(space.doc, DEMO_DIRECTORY, { replace: false });
      await space.flush();
      io.stdout.write(`demo: ${fresh.length} sample record(s) added to space ${spaceName} in ${data}\n`);
      if (seedDirectory)
        io.stdout.write(
          `demo: directory of ${spaceName}: ${DEMO_DIRECTORY.people.length} people, ${DEMO_DIRECTORY.departments.length} departments with their heads\n`,
        );
      return 0;
    } finally {
      await store.close();
    }
  },
};
