// A deterministic synthetic corpus of mixed Chinese/English records (~2 KB of UTF-8 each), shared by
// the search benchmark and the search tests. Same seed, same records, on every machine.
//
// Text is drawn from a Zipf-distributed vocabulary: real business words (接口, 延迟, 付款, 条款,
// payment, timeout…) plus synthetic words built from common characters or syllables, so that the
// index sees a realistic number of distinct terms and a few very long posting lists. Known phrases
// (接口延迟, 付款条款, payment timeout) are planted in a known share of records so recall can be checked.
import type { LiaisonRecord, RecordEvent } from '../../src/domain/record';

/** mulberry32: small, fast, deterministic. */
import { seededRandom } from './random';
import { builtInTemplates } from '../../src/domain/templates/registry';

export { seededRandom };

/** Real business words; the rest of the vocabulary is synthetic (new words a dictionary does not know). */
export const REAL_CHINESE_WORDS = (
  '接口 延迟 付款 条款 需求 评审 客户 合同 交付 排期 回滚 投诉 服务器 数据库 上线 测试 版本 发布 验收 确认 ' +
  '财务 预算 报价 采购 供应商 合作 伙伴 会议 纪要 决策 负责人 项目 里程碑 风险 应对 进度 同步 反馈 问题 ' +
  '方案 设计 开发 运维 监控 告警 故障 恢复 影响 范围 用户 体验 性能 优化 安全 漏洞 修复 补丁 配置 ' +
  '部署 环境 生产 预发 灰度 流量 订单 支付 回调 结算 对账 发票 退款 账期 周期 审批 流程 权限 账号 ' +
  '登录 注册 短信 邮件 通知 提醒 升级 迁移 备份 日志 分析 报表 指标 目标 季度 月度 年度 计划 总结 ' +
  '复盘 经验 教训 原因 措施 改进 培训 文档 规范 标准 模板 附件 资料 说明 手册 产品 市场 销售 运营 ' +
  '客服 研发 行政 人事 法务 采购部 产品部 研发部 运营部 客服部 财务部 市场部 销售部 紧急 重要 普通 ' +
  '协作 跨部门 资源 人力 工时 成本 收益 资金 周转 结果 汇报 背景 行动 截止 时间 安排 调整 变更 ' +
  '延期 提前 暂停 恢复 终止 启动 完成 进行 待定 处理 跟进 关闭 归档 知识 沉淀 分类 标签 搜索 检索'
).split(' ');

/** Common characters for synthetic Chinese words (the tail of the vocabulary). */
const ZH_CHARS =
  '的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严';

const EN_WORDS = (
  'payment timeout request review client contract delivery schedule rollback complaint server database release ' +
  'test version acceptance confirm finance budget quote purchase supplier partner meeting minutes decision owner ' +
  'project milestone risk progress sync feedback issue plan design develop operations monitor alert incident ' +
  'recovery impact scope user experience performance optimize security patch config deploy environment production ' +
  'traffic order callback settlement invoice refund approval process permission account login notice reminder ' +
  'upgrade migration backup log analysis report metric target quarter monthly annual summary retrospective lesson ' +
  'cause measure improve training document standard template attachment manual product market sales support ' +
  'urgent important normal collaboration resource cost revenue result background action deadline adjust change ' +
  'delay pause resume terminate start complete follow close archive knowledge category search latency interface ' +
  'payments invoices reviews requests clients contracts delays servers releases customers vendor agreement terms'
).split(' ');

const SYLLABLES = 'ka ri to mo na sel ver tan pro dex lin mar qui zen ab or el um is ta ne co fi gra ble tion ment'.split(' ');

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰飞鹏辉云峰建国文斌宇浩凯';
const DEPARTMENTS = ['产品部', '研发部', '运营部', '客服部', '财务部', '市场部', '销售部', '法务部', '行政部', '人事部'];
export const COUNTERPARTS = ['ACME', '华为技术', '蓝海科技', 'Globex', 'Initech', '星辰数据', 'Umbrella', '远航物流', 'Hooli', '青木咨询'];
export const CORPUS_KINDS = builtInTemplates.map((template) => template.kind);
const PRIORITIES = ['urgent', 'high', 'medium', 'low'];
const LIFECYCLE: RecordEvent['type'][] = ['sent', 'read', 'accepted', 'status', 'delivered', 'confirmed', 'archived'];

/** Phrases planted in a known share of records, for recall checks and realistic queries. */
export const PLANTED = [
  { text: '接口延迟', share: 0.01 },
  { text: '付款条款', share: 0.005 },
  { text: 'payment timeout', share: 0.01 },
];

/** Zipf–Mandelbrot pick: index i has weight 1/(i+5). `table` is the cumulative weights. */
function zipfTable(size: number): Float64Array {
  const table = new Float64Array(size);
  let sum = 0;
  for (let i = 0; i < size; i++) {
    sum += 1 / (i + 5);
    table[i] = sum;
  }
  return table;
}

function pickZipf(random: () => number, table: Float64Array): number {
  const x = random() * table[table.length - 1];
  let lo = 0;
  let hi = table.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (table[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export interface CorpusOptions {
  seed?: number;
  /** Target UTF-8 size of title + body per record (default 2048). */
  bytesPerRecord?: number;
  space?: string;
}

/** A deterministic generator: `record(i)` is the same record for the same i and seed. */
export class SyntheticCorpus {
  private readonly zhVocab: string[];
  private readonly enVocab: string[];
  private readonly zhTable: Float64Array;
  private readonly enTable: Float64Array;
  private readonly names: string[];
  private readonly seed: number;
  private readonly bytesPerRecord: number;
  private readonly space: string;

  constructor(options: CorpusOptions = {}) {
    this.seed = options.seed ?? 20240520;
    this.bytesPerRecord = options.bytesPerRecord ?? 2048;
    this.space = options.space ?? 'internal';
    const random = seededRandom(this.seed);
    const pick = (text: string): string => text[Math.floor(random() * text.length)];
    // Real words first (most frequent), then 6000 synthetic words of 2–3 characters.
    const synthZh = new Set<string>();
    while (synthZh.size < 6000) {
      const length = random() < 0.7 ? 2 : 3;
      let word = '';
      for (let i = 0; i < length; i++) word += pick(ZH_CHARS);
      synthZh.add(word);
    }
    this.zhVocab = interleave(REAL_CHINESE_WORDS, [...synthZh]);
    const synthEn = new Set<string>();
    while (synthEn.size < 6000) {
      const length = 2 + Math.floor(random() * 3);
      let word = '';
      for (let i = 0; i < length; i++) word += SYLLABLES[Math.floor(random() * SYLLABLES.length)];
      synthEn.add(word);
    }
    this.enVocab = interleave(EN_WORDS, [...synthEn]);
    this.zhTable = zipfTable(this.zhVocab.length);
    this.enTable = zipfTable(this.enVocab.length);
    this.names = [];
    for (const surname of SURNAMES) for (const given of GIVEN) this.names.push(surname + given);
  }

  record(index: number): LiaisonRecord {
    const random = seededRandom(this.seed ^ Math.imul(index + 1, 0x9e3779b1));
    const choose = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
    const planted = PLANTED.filter((phrase) => random() < phrase.share).map((phrase) => phrase.text);
    const title = this.sentence(random, 0.6, 8) + (planted.length > 0 && random() < 0.3 ? ` ${planted[0]}` : '');
    const parts: string[] = [];
    let bytes = Buffer.byteLength(title);
    const plantAt = new Set(planted.map(() => Math.floor(random() * 8)));
    for (let sentence = 0; bytes < this.bytesPerRecord; sentence++) {
      let text = this.sentence(random, random() < 0.55 ? 0.9 : 0.1, 6 + Math.floor(random() * 14));
      if (plantAt.has(sentence)) for (const phrase of planted) text += /[a-z]/.test(phrase) ? ` ${phrase} ` : phrase;
      parts.push(text);
      bytes += Buffer.byteLength(text) + 1;
      if (sentence % 5 === 4) parts.push('\n\n');
    }
    const created = new Date(Date.UTC(2021, 0, 1) + Math.floor(random() * 3 * 365 * 86400) * 1000);
    const sender = choose(this.names);
    const recipients = [choose(this.names), random() < 0.3 ? choose(DEPARTMENTS) : choose(this.names)];
    const department = choose(DEPARTMENTS);
    const steps = 1 + Math.floor(random() * LIFECYCLE.length);
    const events: RecordEvent[] = LIFECYCLE.slice(0, steps).map((type, step) => ({
      id: `E-${index}-${step}`,
      type,
      actor: step === 0 ? sender : recipients[0],
      actorDepartment: step === 0 ? department : undefined,
      at: new Date(created.getTime() + step * 3600_000).toISOString(),
    }));
    return {
      id: `R-${String(index).padStart(7, '0')}`,
      kind: choose(CORPUS_KINDS) as LiaisonRecord['kind'],
      space: this.space,
      title,
      fields: {
        sender,
        recipients,
        priority: choose(PRIORITIES),
        tags: [choose(this.zhVocab.slice(0, 60)), choose(this.enVocab.slice(0, 60))],
        counterpart: choose(COUNTERPARTS),
        department,
      },
      body: parts.join(''),
      createdBy: sender,
      createdAt: created.toISOString(),
      events,
    };
  }

  /** The Chinese vocabulary, most frequent first (real words and synthetic ones). */
  chineseWords(): readonly string[] {
    return this.zhVocab;
  }

  /** The people's names records use. */
  people(): readonly string[] {
    return this.names;
  }

  *records(count: number, from = 0): Generator<LiaisonRecord> {
    for (let i = from; i < from + count; i++) yield this.record(i);
  }

  /** A sentence of `words` words, each Chinese with probability `zhShare`. */
  private sentence(random: () => number, zhShare: number, words: number): string {
    let out = '';
    let lastZh = false;
    for (let i = 0; i < words; i++) {
      const zh = random() < zhShare;
      const word = zh ? this.zhVocab[pickZipf(random, this.zhTable)] : this.enVocab[pickZipf(random, this.enTable)];
      if (zh) out += lastZh || out === '' ? word : ` ${word}`;
      else out += out === '' ? word : ` ${word}`;
      lastZh = zh;
    }
    return out + (zhShare > 0.5 ? '。' : '. ');
  }
}

/**
 * The 40 most frequent words are synthetic (the everyday words every record has), then every 8th
 * word is a real one: real words are common but not in every record, as in a real team's history.
 */
function interleave(real: readonly string[], synthetic: readonly string[]): string[] {
  const out: string[] = [];
  let r = 0;
  let s = 0;
  while (r < real.length || s < synthetic.length) {
    if (r < real.length && ((out.length >= 40 && out.length % 8 === 0) || s >= synthetic.length)) out.push(real[r++]);
    else out.push(synthetic[s++]);
  }
  return out;
}
