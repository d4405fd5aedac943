// The directory: CSV import (Chinese headers, quotes, bad rows reported by line, good rows kept),
// lookups (aliases, heads, suggestions), and its Yjs mapping (round trip, replace vs merge,
// hostile entries, concurrent edits on two replicas).
import { strict as assert } from 'node:assert';
import * as Y from 'yjs';
import { Directory, editDistance } from '../../../src/domain/directory';
import type { DirectoryData } from '../../../src/domain/directory';
import { DIRECTORY_CSV_COLUMNS, directoryToCsv, parseDirectoryCsv } from '../../../src/domain/directoryCsv';
import { DEPARTMENTS_KEY, PEOPLE_KEY, onDirectoryChanged, readDirectory, writeDirectory } from '../../../src/store/directoryDoc';

const CSV = [
  '\uFEFF姓名,部门,职位,邮箱,负责人,别名',
  '王芳,产品部,产品总监,wangfang@example.com,是,Wang Fang',
  '"李明",研发部,"工程师, 后端",liming@example.com,,"Li Ming;Ming Li"',
  ',研发部,,,,',
  '赵强,测试部,,not-an-email,,',
  '张伟,研发部,研发经理,,是,Zhang Wei',
  '孙丽,研发部,,,是,',
  '王芳,市场部,,,,',
  '"周杰",市场部,"多行',
  '备注",,,',
  '吴磊,市场部,,,maybe,',
  '',
  '陈静,市场部,,chenjing@example.com,yes,陈 静；Jing Chen',
].join('\n');

function byName<T extends { name: string }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

describe('directory CSV', () => {
  it('imports Chinese headers and quoted fields, keeps the good rows', () => {
    const { data } = parseDirectoryCsv(CSV);
    assert.deepEqual(
      data.people.map((person) => person.name),
      ['王芳', '李明', '张伟', '周杰', '陈静'],
    );
    assert.deepEqual(data.people[0], {
      name: '王芳',
      department: '产品部',
      title: '产品总监',
      email: 'wangfang@example.com',
      aliases: ['Wang Fang'],
    });
    assert.deepEqual(data.people[1], {
      name: '李明',
      department: '研发部',
      title: '工程师, 后端',
      email: 'liming@example.com',
      aliases: ['Li Ming', 'Ming Li'],
    });
    assert.equal(data.people[3].title, '多行\n备注', 'a quoted field may span lines');
    assert.deepEqual(data.people[4].aliases, ['陈 静', 'Jing Chen'], 'aliases split on ; and ；');
    assert.deepEqual(
      byName(data.departments),
      byName([
        { name: '产品部', head: '王芳' },
        { name: '研发部', head: '张伟' },
        { name: '市场部', head: '陈静' },
      ]),
    );
  });

  it('reports each bad row with its 1-based line and why', () => {
    const { problems } = parseDirectoryCsv(CSV);
    assert.deepEqual(
      problems.map((problem) => problem.line),
      [4, 5, 7, 8, 11],
    );
    assert.match(problems[0].message, /name is empty/);
    assert.match(problems[1].message, /email "not-an-email" of 赵强 is not an address/);
    assert.match(problems[2].message, /研发部 already has 张伟 as head: a department has one head/);
    assert.match(problems[3].message, /"王芳" is listed twice/);
    assert.match(problems[4].message, /head column of 吴磊 is "maybe": write yes\/是/);
  });

  it('a bad row whose quoted value spans lines is reported on the line it starts', () => {
    const { data, problems } = parseDirectoryCsv('name,title,email\n\n"周杰","多行\n备注",bad\n李明,,x\n王芳,,wf@example.com\n');
    assert.deepEqual(
      problems.map((problem) => problem.line),
      [3, 5],
    );
    assert.deepEqual(
      data.people.map((person) => person.name),
      ['王芳'],
    );
  });

  it('English headers in any case, unknown columns ignored with a warning, a name with a separator refused', () => {
    const { data, problems } = parseDirectoryCsv('Name,Dept,Phone,Head\nLi Ming,R&D,123,yes\n"Li, Zhang",R&D,,\n');
    assert.deepEqual(data.people, [{ name: 'Li Ming', department: 'R&D' }]);
    assert.deepEqual(data.departments, [{ name: 'R&D', head: 'Li Ming' }]);
    assert.deepEqual(
      problems.map((problem) => problem.line),
      [1, 3],
    );
    assert.match(problems[0].message, /unknown column\(s\) Phone ignored/);
    assert.match(problems[1].message, /contains a separator/);
  });

  it('a file it cannot read says why, with a line, and keeps nothing', () => {
    const unclosed = parseDirectoryCsv('name,department\n"李明,研发部\n王芳,产品部\n');
    assert.deepEqual(unclosed.data, { people: [], departments: [] });
    assert.equal(unclosed.problems.length, 1);
    assert.match(unclosed.problems[0].message, /not valid CSV.*Check the quotes/);
    assert.ok(unclosed.problems[0].line >= 2);
    assert.deepEqual(
      parseDirectoryCsv('').problems.map((problem) => [problem.line, /empty/.test(problem.message)]),
      [[1, true]],
    );
    const noName = parseDirectoryCsv('部门,职位\n研发部,工程师\n');
    assert.equal(noName.problems[0].line, 1);
    assert.match(noName.problems[0].message, new RegExp(`no "name" column.*${DIRECTORY_CSV_COLUMNS.join(',')}`));
  });

  it('directoryToCsv → parseDirectoryCsv gives the same data back', () => {
    const { data } = parseDirectoryCsv(CSV);
    const csv = directoryToCsv(data);
    assert.equal(csv.split('\n')[0], DIRECTORY_CSV_COLUMNS.join(','));
    const again = parseDirectoryCsv(csv);
    assert.deepEqual(again.problems, []);
    assert.deepEqual(again.data.people, data.people);
    assert.deepEqual(byName(again.data.departments), byName(data.departments));
    // Quotes, commas and newlines inside values survive.
    const tricky: DirectoryData = { people: [{ name: '欧阳"娜娜"', department: 'A, B', title: 'x\ny' }], departments: [{ name: 'A, B' }] };
    assert.deepEqual(parseDirectoryCsv(directoryToCsv(tricky)).data, tricky);
  });
});

describe('Directory lookups', () => {
  const directory = new Directory({
    people: [
      { name: '王芳', department: '产品部', aliases: ['Wang Fang'] },
      { name: '李明', department: '研发部', aliases: ['Li Ming', 'Ming'] },
      { name: '张伟', department: '研发部' },
      { name: '赵强', department: '测试部' },
      { name: '孙丽' },
    ],
    departments: [{ name: '产品部', head: '王芳' }, { name: '研发部', head: '张伟' }, { name: '行政部' }],
  });

  it('resolves names and aliases case-insensitively, people and departments', () => {
    assert.equal(directory.resolve('li ming')?.type, 'person');
    assert.equal(directory.person('LI MING')?.name, '李明');
    assert.equal(directory.person(' Wang Fang ')?.name, '王芳');
    const department = directory.resolve('研发部');
    assert.ok(department?.type === 'department');
    assert.equal(department.department.head, '张伟');
    assert.equal(directory.resolve('测试部')?.type, 'department', 'a department named only on a person counts');
    assert.equal(directory.resolve('李敏'), undefined);
    assert.equal(directory.person('研发部'), undefined);
    assert.equal(directory.isEmpty, false);
    assert.equal(Directory.empty().isEmpty, true);
  });

  it('headOf a person is the head of their department; of a department its head', () => {
    assert.equal(directory.headOf('李明'), '张伟');
    assert.equal(directory.headOf('Li Ming'), '张伟');
    assert.equal(directory.headOf('研发部'), '张伟');
    assert.equal(directory.headOf('王芳'), '王芳');
    assert.equal(directory.headOf('行政部'), undefined, 'no head set');
    assert.equal(directory.headOf('赵强'), undefined, 'a department without a head');
    assert.equal(directory.headOf('孙丽'), undefined, 'no department');
    assert.equal(directory.headOf('nobody'), undefined);
  });

  it('suggests close names: contained first, then by edit distance, aliases included', () => {
    assert.deepEqual(directory.suggest('李敏'), ['李明']);
    assert.deepEqual(directory.suggest('研发'), ['研发部']);
    assert.deepEqual(directory.suggest('Li Mng'), ['Li Ming']);
    assert.deepEqual(directory.suggest('wang fnag'), ['Wang Fang']);
    assert.deepEqual(directory.suggest('欧阳娜娜'), []);
    assert.equal(directory.suggest('部', 2).length, 2);
    assert.deepEqual(directory.names(), ['王芳', '李明', '张伟', '赵强', '孙丽', '产品部', '研发部', '行政部', '测试部']);
    assert.equal(editDistance('kitten', 'sitting'), 3);
    assert.equal(editDistance('', 'abc'), 3);
  });
});

describe('directory in a Yjs document', () => {
  const data: DirectoryData = {
    people: [
      { name: '王芳', department: '产品部', title: '产品总监', email: 'wangfang@example.com', aliases: ['Wang Fang'] },
      { name: '李明', department: '研发部' },
      { name: '张伟', department: '研发部' },
    ],
    departments: [
      { name: '产品部', head: '王芳' },
      { name: '研发部', head: '张伟' },
    ],
  };

  const sorted = (value: DirectoryData): DirectoryData => ({ people: byName(value.people), departments: byName(value.departments) });

  function sync(a: Y.Doc, b: Y.Doc): void {
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
  }

  it('writes and reads back the same directory', () => {
    const doc = new Y.Doc();
    writeDirectory(doc, data, { replace: true });
    assert.deepEqual(sorted(readDirectory(doc)), sorted(data));
    assert.equal(doc.getMap(PEOPLE_KEY).size, 3);
    assert.equal(doc.getMap(DEPARTMENTS_KEY).size, 2);
  });

  it('writing the same directory again makes no update', () => {
    const doc = new Y.Doc();
    writeDirectory(doc, data, { replace: true });
    let updates = 0;
    doc.on('update', () => updates++);
    writeDirectory(doc, data, { replace: true });
    writeDirectory(doc, { people: [data.people[1]], departments: [] }, { replace: false });
    assert.equal(updates, 0);
  });

  it('replace removes who is not in the new data; merge keeps them and updates the rest', () => {
    const replaced = new Y.Doc();
    writeDirectory(replaced, data, { replace: true });
    writeDirectory(replaced, { people: [{ name: '李明', department: '测试部' }], departments: [] }, { replace: true });
    assert.deepEqual(readDirectory(replaced), { people: [{ name: '李明', department: '测试部' }], departments: [] });

    const merged = new Y.Doc();
    writeDirectory(merged, data, { replace: true });
    writeDirectory(
      merged,
      { people: [{ name: '李明', department: '测试部' }, { name: '赵强' }], departments: [{ name: '测试部', head: '李明' }] },
      { replace: false },
    );
    const read = readDirectory(merged);
    assert.deepEqual(read.people.map((person) => person.name).sort(), ['张伟', '李明', '王芳', '赵强'].sort());
    assert.equal(read.people.find((person) => person.name === '李明')?.department, '测试部');
    assert.deepEqual(byName(read.departments), byName([...data.departments, { name: '测试部', head: '李明' }]));
  });

  it('skips malformed entries from a hostile or old peer instead of throwing', () => {
    const doc = new Y.Doc();
    writeDirectory(doc, data, { replace: true });
    const people = doc.getMap<unknown>(PEOPLE_KEY);
    people.set('坏人', 42);
    people.set('空', null);
    people.set('字符串', 'x');
    people.set('孙丽', { department: 5, title: ['x'], email: '', aliases: ['Sun Li', 7, '', null] });
    doc.getMap<unknown>(DEPARTMENTS_KEY).set('数字部', 42);
    let read: DirectoryData | undefined;
    assert.doesNotThrow(() => {
      read = readDirectory(doc);
    });
    assert.ok(read);
    assert.deepEqual(read.people.map((person) => person.name).sort(), ['孙丽', '张伟', '李明', '王芳'].sort());
    assert.deepEqual(
      read.people.find((person) => person.name === '孙丽'),
      { name: '孙丽', aliases: ['Sun Li'] },
    );
    // The rest of the directory still works as lookups.
    const directory = new Directory(read);
    assert.equal(directory.person('Sun Li')?.name, '孙丽');
    assert.equal(directory.headOf('李明'), '张伟');
  });

  it('two replicas editing different people merge after exchanging updates', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    writeDirectory(a, data, { replace: true });
    sync(a, b);
    assert.deepEqual(sorted(readDirectory(b)), sorted(data));

    // Concurrently: a moves 李明 to 测试部, b adds 赵强 and gives 张伟 an alias.
    const aEdit = { ...readDirectory(a) };
    aEdit.people = aEdit.people.map((person) => (person.name === '李明' ? { ...person, department: '测试部' } : person));
    writeDirectory(a, aEdit, { replace: true });
    const bEdit = { ...readDirectory(b) };
    bEdit.people = [
      ...bEdit.people.map((person) => (person.name === '张伟' ? { ...person, aliases: ['Zhang Wei'] } : person)),
      { name: '赵强', department: '测试部' },
    ];
    writeDirectory(b, bEdit, { replace: true });

    let heard = 0;
    const stop = onDirectoryChanged(a, () => heard++);
    sync(a, b);
    stop();
    assert.ok(heard > 0, "a hears b's edits");
    const merged = readDirectory(a);
    assert.deepEqual(merged, readDirectory(b), 'both replicas agree');
    assert.equal(merged.people.find((person) => person.name === '李明')?.department, '测试部');
    assert.deepEqual(merged.people.find((person) => person.name === '张伟')?.aliases, ['Zhang Wei']);
    assert.ok(merged.people.some((person) => person.name === '赵强'));
    assert.equal(merged.people.length, 4);

    // After unsubscribing, nothing more is heard.
    const before = heard;
    writeDirectory(b, { people: [{ name: '孙丽' }], departments: [] }, { replace: false });
    sync(a, b);
    assert.ok(readDirectory(a).people.some((person) => person.name === '孙丽'));
    assert.equal(heard, before);
  });

  it('a removal on one replica and an addition on the other both survive the merge', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    writeDirectory(a, data, { replace: true });
    sync(a, b);
    writeDirectory(a, { people: data.people.filter((person) => person.name !== '李明'), departments: data.departments }, { replace: true });
    writeDirectory(b, { people: [{ name: '孙丽', department: '产品部' }], departments: [] }, { replace: false });
    sync(a, b);
    const names = readDirectory(b)
      .people.map((person) => person.name)
      .sort();
    assert.deepEqual(names, ['孙丽', '张伟', '王芳'].sort());
    assert.deepEqual(readDirectory(a), readDirectory(b));
  });
});
