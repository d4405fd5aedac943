// Other tools' status words (English, Simplified and Traditional Chinese) map to Liaison's.
import { strict as assert } from 'node:assert';
import { LIAISON_STATUSES, STATUS_SYNONYMS, statusOfWord, statusSynonymLines } from '../../../src/domain/statusWords';

describe('import statuses from other tools', () => {
  it('maps what Jira, DingTalk, Feishu and spreadsheets export, in three languages', () => {
    const cases: [string, string][] = [
      ['closed', 'archived'],
      ['Done', 'archived'],
      ['RESOLVED', 'archived'],
      ['已完成', 'archived'],
      ['已关闭', 'archived'],
      ['已關閉', 'archived'],
      ['已解決', 'archived'],
      ['已解决', 'archived'],
      ['open', 'sent'],
      ['New', 'sent'],
      ['To Do', 'sent'],
      ['pending', 'sent'],
      ['waiting', 'sent'],
      ['待处理', 'sent'],
      ['待處理', 'sent'],
      ['In Progress', 'in-progress'],
      ['in_progress', 'in-progress'],
      ['IN-PROGRESS', 'in-progress'],
      ['进行中', 'in-progress'],
      ['處理中', 'in-progress'],
      ['处理中', 'in-progress'],
      ['In Review', 'delivered'],
      ['待驗收', 'delivered'],
      ['rejected', 'declined'],
      ["Won't Fix", 'declined'],
      ['已拒絕', 'declined'],
      ['已確認', 'confirmed'],
      ['verified', 'confirmed'],
      ['已讀', 'read'],
      ['草稿', 'draft'],
      ['  closed  ', 'archived'],
    ];
    for (const [word, status] of cases) assert.equal(statusOfWord(word), status, word);
  });

  it("accepts Liaison's own names and refuses a word it does not know", () => {
    for (const status of LIAISON_STATUSES) assert.equal(statusOfWord(status), status);
    for (const unknown of ['cancelled', '已取消', 'foo', '', 'close d?']) assert.equal(statusOfWord(unknown), undefined, unknown);
  });

  it('no word means two statuses, and the help lists every word', () => {
    const seen = new Map<string, string>();
    for (const status of LIAISON_STATUSES) {
      for (const word of STATUS_SYNONYMS[status]) {
        const key = word.toLowerCase().replace(/[\s_-]+/g, '');
        assert.ok(!seen.has(key) || seen.get(key) === status, `${word}: ${seen.get(key)} and ${status}`);
        seen.set(key, status);
        assert.equal(statusOfWord(word), status, word);
      }
    }
    const help = statusSynonymLines().join('\n');
    for (const status of LIAISON_STATUSES) for (const word of STATUS_SYNONYMS[status]) assert.ok(help.includes(word), word);
    assert.match(help, /^archived\s+closed, done, resolved/m);
  });
});
