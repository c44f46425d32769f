/** Names are cleaned the same way everywhere (spec "Column roles"). */
import { describe, expect, it } from 'vitest';
import { cleanName } from '../src/parse/names.js';

describe('cleanName', () => {
  it.each([
    ['其中：当年财政拨款', '当年财政拨款'],
    ['其中:上年结转', '上年结转'],
    ['年度资金总额:', '年度资金总额'],
    ['年度资金总额：', '年度资金总额'],
    ['219-池州市财政局', '池州市财政局'],
    ['51000021R000000019951-工资性支出', '工资性支出'],
    ['产出指标(50分)', '产出指标'],
    ['效益指标（30分）', '效益指标'],
    ['2021-2022年度目标', '2021-2022年度目标'],
    ['5G产业公共服务平台', '5G产业公共服务平台'],
    ['51092324T000010263357-2023年全县补助资金项目', '2023年全县补助资金项目'],
    ['2021-2023年规划', '2021-2023年规划'],
  ])('%s → %s', (name, cleaned) => {
    expect(cleanName(name)).toBe(cleaned);
  });

  it('gives null for nothing left', () => {
    expect(cleanName('其中：')).toBeNull();
    expect(cleanName(null)).toBeNull();
  });
});
