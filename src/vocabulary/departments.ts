/**
 * What jixiao knows about the names of issuing bodies, as data that department-identity.ts reads: the
 * 简称 that stand for a bureau's full name, the bureaus renamed by a reform that kept the body (its
 * successor does the same work under a new name), the prefixes of the Party's organs, and how a leading
 * code may be printed. A pair joins two spellings only when the whole remaining name is the short or
 * old one: 工信局 joins 工业和信息化局, but 工信局办公室 joins nothing.
 */

/** 简称 → full name. Only abbreviations with one reading in a county, prefecture or province government. */
export const DEPARTMENT_ABBREVIATIONS: Readonly<Record<string, string>> = {
  工信局: '工业和信息化局',
  经信局: '经济和信息化局',
  发改局: '发展和改革局',
  发改委: '发展和改革委员会',
  人社局: '人力资源和社会保障局',
  人社厅: '人力资源和社会保障厅',
  住建局: '住房和城乡建设局',
  住建厅: '住房和城乡建设厅',
  卫健局: '卫生健康局',
  卫健委: '卫生健康委员会',
  教体局: '教育和体育局',
  文旅局: '文化和旅游局',
  文广旅局: '文化广电和旅游局',
  市监局: '市场监督管理局',
  市场监管局: '市场监督管理局',
  资规局: '自然资源和规划局',
  民宗局: '民族宗教事务局',
  科技局: '科学技术局',
  医保局: '医疗保障局',
  应急局: '应急管理局',
  退役军人局: '退役军人事务局',
  统战部: '统一战线工作部',
  政法委: '政法委员会',
};

/**
 * A bureau's old name → its new one, where a government reform renamed the body and kept its work
 * (the 2018 reform of State Council and local bodies). A merger into a body with wider work (国土资源局
 * into 自然资源局) is not a rename and is not listed: the reports of the two are not one series.
 */
export const DEPARTMENT_RENAMES: Readonly<Record<string, string>> = {
  卫生和计划生育局: '卫生健康局',
  卫生和计划生育委员会: '卫生健康委员会',
  卫生计生局: '卫生健康局',
  卫计局: '卫生健康局',
  卫计委: '卫生健康委员会',
  安全生产监督管理局: '应急管理局',
  安监局: '应急管理局',
};

/** The Party's prefix before a region in an organ's name: 中共寻甸县委统战部. */
export const PARTY_PREFIXES: readonly string[] = ['中国共产党', '中共'];

/**
 * A leading code before a name, as budget systems and some sites print it: 101001 南县财政局,
 * [219]池州市财政局, 219-池州市财政局. A code is digits (a letter may lead), three or more.
 */
export const LEADING_DEPARTMENT_CODE = /^[[［(（【]?\s*[A-Za-z]?\d{3,}[A-Za-z0-9]*\s*[\]］)）】]?\s*[-－—:：.、]?\s*/;

/** Endings a name may shorten (镇政府 for 镇人民政府): the short ending → the full one. */
export const DEPARTMENT_ENDINGS: Readonly<Record<string, string>> = {
  政府: '人民政府',
};
