/**
 * The benchmark corpus: distinct documents made from the fixtures. Each copy differs in bytes (so the
 * store does not skip it as a duplicate) but not in content: PDF, HTML and text get a trailer, ZIP
 * packages an extra part, OLE files an extra stream. Plus PDFs of 13 to 300+ pages joined from a
 * fixture PDF with poppler's pdfunite, for memory against page count.
 */
import { execFileSync } from 'node:child_process';
import { appendFileSync, copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import CFB from 'cfb';
import { strToU8, unzipSync, zipSync } from 'fflate';

export const FIXTURES = path.resolve(import.meta.dirname, '../fixtures');

/** Seed fixtures per format: what the acceptance figures are measured on. */
export const SOURCES: Record<string, string[]> = {
  pdf: ['jiangmen-2021.pdf', 'jiangmen-2021-borderless.pdf', 'project-2021.pdf'],
  docx: ['jiangmen-2021.docx', 'jiangmen-2021-hant.docx', 'dept-with-projects-2021.docx', 'project-2021.docx'],
  doc: ['jiangmen-2021.doc', 'project-2021.doc'],
  html: ['jiangmen-2021.html', 'jiangmen-2021-gbk.html', 'project-2021.html'],
  txt: ['jiangmen-2021.txt'],
  xlsx: [
    'project-2021.xlsx',
    'real/chongqing-yuzhong-rsj-2021-project-selfeval-jiuyebuzhu.xlsx',
    'real/guangdong-zhanjiang-rsj-2023-dept-perf-target-table-nearmiss.xlsx',
  ],
  xls: ['project-2021.xls', 'real/moe-pku-2019-campus-football-project-xiangmuku-export.xls'],
};

/** Real government PDFs, measured apart: they embed large CJK fonts, which pdf.js converts. */
export const REAL_PDFS = [
  'real/shanghai-putuo-czj-2024-dept-final-accounts-nearmiss.pdf',
  'real/shanghai-putuo-shehuigongzuobu-2024-dept-final-accounts-nearmiss.pdf',
];

function makeDistinct(file: string, copy: number): void {
  const ext = path.extname(file);
  if (ext === '.pdf') appendFileSync(file, `\n% jixiao bench copy ${copy}\n`);
  else if (ext === '.html') appendFileSync(file, `\n<!-- jixiao bench copy ${copy} -->\n`);
  else if (ext === '.txt') appendFileSync(file, `\n`.repeat(copy + 1));
  else if (ext === '.docx' || ext === '.xlsx') {
    const parts = unzipSync(readFileSync(file));
    parts[`docProps/jixiao-bench-${copy}.txt`] = strToU8(String(copy));
    writeFileSync(file, zipSync(parts));
  } else {
    const container = CFB.read(readFileSync(file), { type: 'buffer' });
    CFB.utils.cfb_add(container, `JixiaoBench${copy}`, Buffer.from(String(copy)));
    writeFileSync(file, CFB.write(container, { type: 'buffer' }) as Buffer);
  }
}

function copies(sources: string[], count: number, folder: string): string[] {
  mkdirSync(folder, { recursive: true });
  return Array.from({ length: count }, (_, i) => {
    const source = sources[i % sources.length];
    const target = path.join(folder, `${String(i).padStart(3, '0')}-${path.basename(source)}`);
    copyFileSync(path.join(FIXTURES, source), target);
    makeDistinct(target, i);
    return target;
  });
}

export interface Corpus {
  root: string;
  byFormat: Record<string, string[]>;
  realPdfs: string[];
  /** Joined PDFs by page count. */
  joined: Record<number, string>;
}

export function buildCorpus(root: string, perFormat: number): Corpus {
  rmSync(root, { recursive: true, force: true });
  const byFormat = Object.fromEntries(
    Object.entries(SOURCES).map(([format, sources]) => [format, copies(sources, perFormat, path.join(root, 'corpus', format))]),
  );
  const realPdfs = copies(REAL_PDFS, 6, path.join(root, 'real-pdf'));
  const joined: Record<number, string> = {};
  const seed = path.join(FIXTURES, 'jiangmen-2021.pdf');
  for (const times of [1, 8, 24]) {
    const target = path.join(root, `joined-${times}x.pdf`);
    if (times === 1) copyFileSync(seed, target);
    else execFileSync('pdfunite', [...Array(times).fill(seed), target]);
    joined[13 * times] = target;
  }
  return { root, byFormat, realPdfs, joined };
}
