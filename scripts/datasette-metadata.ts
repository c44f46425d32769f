// Writes datasette-metadata.json and the schema section of docs/database.md from src/store/docs.ts.
// Usage: npx tsx scripts/datasette-metadata.ts   then: datasette data/jixiao.sqlite -m datasette-metadata.json
import { readFileSync, writeFileSync } from 'node:fs';
import { datasetteMetadata, schemaMarkdown } from '../src/store/docs.js';

writeFileSync(new URL('../datasette-metadata.json', import.meta.url), `${JSON.stringify(datasetteMetadata('jixiao'), null, 2)}\n`);
const readme = new URL('../docs/database.md', import.meta.url);
const text = readFileSync(readme, 'utf8');
const [before, rest] = text.split('<!-- schema:start -->');
const [, after] = rest.split('<!-- schema:end -->');
writeFileSync(readme, `${before}<!-- schema:start -->\n${schemaMarkdown()}\n<!-- schema:end -->${after}`);
