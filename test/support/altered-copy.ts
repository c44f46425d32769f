/**
 * A reposted copy of the project form with a rate, a figure and an actual altered, beside the original:
 * the made-up case of copies that disagree (copy_conflicts), for either store.
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { FIXTURES } from './golden.js';

const ALTERATIONS: [string, string][] = [
  ['<td>年度资金总额</td><td>800</td>', '<td>年度资金总额</td><td>850</td>'], // the total's initial budget
  ['97.70%', '91.70%'], // its execution rate
  ['<td>资金拨付及时率</td><td>100%</td><td>95%</td>', '<td>资金拨付及时率</td><td>100%</td><td>97%</td>'], // an actual
];

/** Write the original and its altered copy into `folder`; throws if the fixture no longer holds a text to alter. */
export function alteredCopyBeside(folder: string): { original: string; altered: string } {
  const original = path.join(folder, 'project-2021.html');
  const altered = path.join(folder, 'reposted', 'project-2021.html');
  copyFileSync(path.join(FIXTURES, 'project-2021.html'), original);
  let html = readFileSync(original, 'utf8');
  for (const [from, to] of ALTERATIONS) {
    if (!html.includes(from)) throw new Error(`project-2021.html no longer holds ${from}`);
    html = html.replace(from, to);
  }
  mkdirSync(path.dirname(altered));
  writeFileSync(altered, html);
  return { original, altered };
}
