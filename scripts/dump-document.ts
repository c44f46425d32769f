// Prints the document model of a file: what the extractor saw, block by block. For debugging layouts.
// Usage: npx tsx scripts/dump-document.ts FILE [--cells]
import { extractFile } from '../src/extract/index.js';

const [file, flag] = process.argv.slice(2);
const { document } = await extractFile(file);
console.log(`${document.format}, ${document.pages ?? '-'} pages, title ${JSON.stringify(document.declaredTitle)}`);
document.blocks.forEach((block, i) => {
  if (block.kind === 'paragraph') console.log(`#${i} p${block.page ?? '-'}${block.heading ? ' H' : ''} ${block.text.slice(0, 100)}`);
  else {
    console.log(`#${i} p${block.page ?? '-'} TABLE ${block.rows.length} rows`);
    for (const row of flag === '--cells' ? block.rows : block.rows.slice(0, 3))
      console.log('   | ' + row.map((c) => `${c.text.replace(/\n/g, '⏎')}${c.rowSpan > 1 || c.colSpan > 1 ? `[${c.rowSpan}x${c.colSpan}]` : ''}`).join(' | '));
  }
});
