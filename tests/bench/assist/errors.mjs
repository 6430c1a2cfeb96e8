// Recognition-style errors for the live-assist bench: what Chinese speech recognition makes of a
// sentence the agent said. Deterministic: the same sentence and seed always give the same variants,
// so two runs of the bench measure the same utterances.
//
//   withErrors('请您稍等，我帮您查询一下。', { seed: 'bench', count: 3 })
//   → [{ text: '请你稍等我帮您查询一下', errors: ['homophone', 'noPunctuation'] }, ...]
//
// The kinds (ERROR_KINDS): traditional characters for the whole sentence (a recogniser set to the
// wrong script), a homophone (您→你, 再→在, 稍→烧 ...), digits read out as words (1024 → 一零二四 /
// 幺零二四 / 一千零二十四) or number words written as digits (两个 → 2个), a character dropped, a
// character added (a particle, or a stutter), a filler (嗯, 啊, 那个) at an edge or between
// clauses, and the punctuation gone.

// In the order they are applied when a variant has two.
export const ERROR_KINDS = ['numberWords', 'wordNumbers', 'homophone', 'drop', 'extra', 'filler', 'noPunctuation', 'traditional'];

// Simplified → traditional, the characters of the corpus and the packs whose forms differ (a small
// table instead of a converter: the matcher may well use one, and the bench should not share its table).
const TRADITIONAL_PAIRS =
  '们們这這个個问問请請说說电電话話对對谢謝号號询詢来來务務见見题題议議帮幫听聽费費处處业業关關动動让讓' +
  '复復记記后後码碼过過边邊认認国國拨撥录錄于於错錯点點尽盡现現户戶单單开開声聲烦煩满滿时時围圍诉訴结結' +
  '热熱换換实實内內为為门門带帶样樣属屬资資贵貴挂掛联聯区區扰擾该該访訪间間应應网網统統气氣归歸员員发發' +
  '刚剛账賬证證订訂补補称稱无無别別与與营營导導儿兒钟鐘并並钱錢轻輕厅廳争爭绍紹报報宽寬参參优優际際长長' +
  '语語笔筆验驗马馬递遞进進谁誰节節续續断斷张張占佔写寫领領铃鈴释釋责責调調职職络絡细細着著楼樓宝寶块塊' +
  '刘劉几幾决決产產项項销銷车車货貨诺諾误誤详詳设設规規维維约約术術显顯态態当當从從乐樂齐齊骚騷馈饋额額' +
  '颜顏预預页頁链鏈银銀达達输輸质質试試讲講组組礼禮灯燈标標条條携攜征徵师師妈媽备備场場响響卖賣减減准準' +
  '兴興体體仪儀东東专專馆館饿餓饭飯频頻顺順顶頂难難随隨陈陳阳陽闪閃键鍵锅鍋铁鐵钮鈕针針邮郵选選迟遲违違' +
  '较較轮輪识識评評训訓计計觉覺视視装裝获獲苹蘋脑腦编編绩績继繼纸紙纪紀级級红紅紧緊简簡签簽税稅积積种種' +
  '盗盜盖蓋畅暢猫貓毕畢横橫检檢权權杂雜暂暫晓曉数數据據择擇戏戲怀懷径徑奖獎头頭坏壞哑啞启啟叠疊变變协協' +
  '华華冲衝余餘伟偉价價买買丢丟么麼里裡还還机機经經给給会會没沒咨諮办辦转轉确確况況两兩范範线線书書顾顧' +
  '运運远遠库庫医醫团團门門双雙岁歲亲親爱愛学學习習写寫厂廠广廣义義乡鄉云雲';
const TRADITIONAL = new Map();
for (let i = 0; i + 1 < TRADITIONAL_PAIRS.length; i += 2) TRADITIONAL.set(TRADITIONAL_PAIRS[i], TRADITIONAL_PAIRS[i + 1]);

// Characters a recogniser confuses, each with what it writes instead (same or near sound).
const HOMOPHONES = {
  您: ['你'], 你: ['您'], 再: ['在'], 在: ['再'], 的: ['得', '地'], 得: ['的'], 地: ['的'], 做: ['作'], 作: ['做'],
  号: ['好'], 好: ['号'], 贵: ['桂', '跪'], 帮: ['邦'], 务: ['物', '误'], 稍: ['烧', '捎'], 询: ['寻', '循'], 查: ['茶', '察'],
  话: ['化', '画'], 谢: ['写', '泻'], 电: ['店', '点'], 客: ['可', '刻'], 服: ['福', '符'], 气: ['器', '起'], 见: ['件', '建'],
  请: ['清', '情'], 问: ['文', '闻'], 位: ['为', '未'], 联: ['连'], 系: ['细', '戏'], 回: ['会', '汇'], 复: ['付', '覆'],
  记: ['及', '即'], 录: ['路', '鹿'], 议: ['意', '已'], 题: ['提', '体'], 理: ['里', '李'], 办: ['半', '版'], 机: ['几', '鸡'],
  满: ['慢'], 意: ['义', '亿'], 访: ['放', '仿'], 确: ['却'], 认: ['人', '任'], 事: ['是', '市'], 是: ['事'], 需: ['须', '虚'],
  接: ['街', '节'], 转: ['赚'], 等: ['灯', '邓'], 久: ['就', '九'], 对: ['队', '兑'], 们: ['门'], 先: ['鲜', '仙'],
  生: ['声', '升'], 士: ['是', '事'], 姓: ['性', '幸'], 补: ['不', '捕'], 充: ['冲'], 受: ['收', '手'], 尽: ['进', '紧'],
  快: ['块'], 工: ['公', '功'], 内: ['那'], 宝: ['保', '报'], 单: ['担'], 哪: ['那'], 找: ['照'], 码: ['马', '吗'],
  归: ['规', '鬼'], 属: ['数', '鼠'], 区: ['去', '曲'], 费: ['飞', '废'], 收: ['手'], 便: ['变', '遍'], 歉: ['欠', '签'],
  合: ['和', '河'], 钟: ['中', '种'], 方: ['放', '房'], 听: ['停', '厅'], 声: ['生', '升'], 音: ['因', '印'], 部: ['不', '步'],
  拨: ['波', '播'], 错: ['措'], 后: ['候', '厚'], 节: ['接', '结'], 乐: ['了'], 抱: ['报'], 致: ['至', '制'],
  咨: ['资', '姿'], 业: ['也', '叶'], 映: ['应', '影'], 况: ['矿'], 经: ['京', '精'], 处: ['出', '储'], 感: ['赶', '敢'],
  户: ['护', '互'], 移: ['一', '宜'], 动: ['洞', '冻'], 线: ['先', '现'], 热: ['惹'], 跨: ['夸'], 持: ['吃', '迟'],
};
// Whole words a recogniser writes as another word of the same sound.
const HOMOPHONE_WORDS = { 您好: ['你好'], 再见: ['在见'], 贵姓: ['桂姓'], 稍等: ['烧等'], 查询: ['查寻'], 服务: ['服物'], 投诉: ['投素'], 建议: ['见意'], 确认: ['却认'], 回访: ['回放'] };

const DIGIT_WORDS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
const EXTRA = ['的', '了', '呢', '是', '就', '这', '那', '个', '也', '吧'];
const FILLERS = ['嗯', '啊', '那个', '呃', '就是', '嗯嗯', '然后'];
const PUNCTUATION = /[，。！？、；：,.!?;:“”"'‘’（）()\s…—]/g;
const HAN = /\p{Script=Han}/u;

/** A seeded generator (mulberry32): the same seed, the same numbers. */
export function seeded(seed) {
  let h = 1779033703 ^ seed.length;
  for (let i = 0; i < seed.length; i++) {
    h = Math.imul(h ^ seed.charCodeAt(i), 3432918353);
    h = (h << 13) | (h >>> 19);
  }
  let a = h >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = (random, items) => items[Math.floor(random() * items.length)];

/** A copy in an order the seeded generator chooses (Fisher-Yates). */
function shuffled(items, random) {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** The positions of the Han characters of a text. */
const hanPositions = (text) => [...text].flatMap((ch, i) => (HAN.test(ch) ? [i] : []));

/** 1024 as a recogniser may write it read out: digit by digit (一/幺 for 1), or as an amount. */
function digitsAsWords(digits, random) {
  const style = random();
  if (style < 0.45 || digits.length > 4 || digits.startsWith('0')) {
    const yao = style < 0.25 || digits.length >= 5;
    return [...digits].map((d) => (d === '1' && yao ? '幺' : DIGIT_WORDS[Number(d)])).join('');
  }
  return amount(Number(digits));
}

/** A number up to 9999 as said as an amount: 1024 → 一千零二十四. */
function amount(n) {
  if (n === 0) return '零';
  const units = ['', '十', '百', '千'];
  const digits = String(n).split('').map(Number);
  let out = '';
  let zero = false;
  digits.forEach((d, i) => {
    const unit = units[digits.length - 1 - i];
    if (d === 0) {
      zero = out !== '';
      return;
    }
    if (zero) out += '零';
    zero = false;
    out += (d === 1 && unit === '十' && out === '' ? '' : DIGIT_WORDS[d]) + unit;
  });
  return out;
}

/** 一百二十八 → 128, 两 → 2; null for what is not a number. */
function wordsAsNumber(words) {
  const value = { 零: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
  const unit = { 十: 10, 百: 100, 千: 1000 };
  let total = 0;
  let digit = null;
  for (const ch of words) {
    if (ch in value) digit = value[ch];
    else if (ch in unit) {
      total += (digit ?? 1) * unit[ch];
      digit = null;
    } else return null;
  }
  return total + (digit ?? 0);
}

/** Each kind of error, applied once; null when the sentence has nothing it can change. */
const APPLY = {
  traditional(text) {
    const out = [...text].map((ch) => TRADITIONAL.get(ch) ?? ch).join('');
    return out === text ? null : out;
  },
  homophone(text, random) {
    const words = Object.keys(HOMOPHONE_WORDS).filter((word) => text.includes(word));
    if (words.length > 0 && random() < 0.3) {
      const word = pick(random, words);
      return text.replace(word, pick(random, HOMOPHONE_WORDS[word]));
    }
    const chars = [...text];
    const at = chars.flatMap((ch, i) => (HOMOPHONES[ch] ? [i] : []));
    if (at.length === 0) return null;
    const i = pick(random, at);
    chars[i] = pick(random, HOMOPHONES[chars[i]]);
    return chars.join('');
  },
  numberWords(text, random) {
    const runs = [...text.matchAll(/\d+/g)];
    if (runs.length === 0) return null;
    const run = pick(random, runs);
    return text.slice(0, run.index) + digitsAsWords(run[0], random) + text.slice(run.index + run[0].length);
  },
  wordNumbers(text, random) {
    const runs = [...text.matchAll(/[零一二两三四五六七八九十百千]+(?=个|次|分钟|天|点|号|日|元|块|月|G|位|部)/g)]
      .filter((run) => !(run[0] === '一' && /^一(个|次|位|部)/.test(text.slice(run.index)) && random() < 0.5));
    if (runs.length === 0) return null;
    const run = pick(random, runs);
    const n = wordsAsNumber(run[0]);
    if (n === null) return null;
    return text.slice(0, run.index) + String(n) + text.slice(run.index + run[0].length);
  },
  drop(text, random) {
    const at = hanPositions(text);
    if (at.length < 4) return null;
    const chars = [...text];
    chars.splice(pick(random, at), 1);
    return chars.join('');
  },
  extra(text, random) {
    const at = hanPositions(text);
    if (at.length === 0) return null;
    const chars = [...text];
    const i = pick(random, at);
    // A stutter (我我) or a particle slipped in.
    chars.splice(i, 0, random() < 0.4 ? chars[i] : pick(random, EXTRA));
    return chars.join('');
  },
  filler(text, random) {
    const filler = pick(random, FILLERS);
    const where = random();
    if (where < 0.35) return `${filler}，${text}`;
    if (where < 0.6) return `${text.replace(/[。！？]$/u, '')}，${filler}`;
    const breaks = [...text.matchAll(/[，、；]/g)];
    if (breaks.length === 0) return `${filler}${text}`;
    const at = pick(random, breaks).index + 1;
    return text.slice(0, at) + filler + text.slice(at);
  },
  noPunctuation(text) {
    const out = text.replace(PUNCTUATION, '');
    return out === text || out === '' ? null : out;
  },
};

/** One kind of error applied to `text` (random: a seeded generator); null if the kind cannot apply. */
export function applyError(kind, text, random) {
  const apply = APPLY[kind];
  if (!apply) throw new Error(`unknown error kind ${kind}`);
  return apply(text, random);
}

/**
 * `count` variants of `sentence`, each with one or two errors of different kinds chosen by the
 * seeded generator, none the same as the sentence or as another. Fewer when the sentence allows
 * fewer (a very short one).
 */
export function withErrors(sentence, { seed = 'ringside-bench', count = 3 } = {}) {
  const random = seeded(`${seed}\u0000${sentence}`);
  const variants = [];
  const seen = new Set([sentence]);
  for (let attempt = 0; variants.length < count && attempt < count * 12; attempt++) {
    const howMany = random() < 0.5 ? 1 : 2;
    // Which kinds: chosen among those that can change this sentence. Applied in the order a
    // recogniser makes them: the words misheard first, then what it adds or leaves out around
    // them, and the script it writes in last.
    // A number the agent said is read out in the first variant: the error a matcher most often meets.
    const digits = variants.length === 0 && /\d/.test(sentence);
    const kinds = (digits ? ['numberWords', ...shuffled(ERROR_KINDS.filter((k) => k !== 'numberWords'), random)] : shuffled(ERROR_KINDS, random))
      .filter((kind) => applyError(kind, sentence, seeded(`${seed}:${kind}:${attempt}`)) !== null)
      .slice(0, howMany)
      .sort((a, b) => ERROR_KINDS.indexOf(a) - ERROR_KINDS.indexOf(b));
    let text = sentence;
    for (const kind of kinds) text = applyError(kind, text, random) ?? text;
    if (kinds.length === 0 || seen.has(text)) continue;
    seen.add(text);
    variants.push({ text, errors: kinds });
  }
  return variants;
}
