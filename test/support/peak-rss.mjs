// Preloaded into a child process (`node --import`): writes its peak resident memory in KB, threads
// included, to the file PEAK_RSS_FILE names, as it exits.
import { writeFileSync } from 'node:fs';

process.on('exit', () => writeFileSync(process.env.PEAK_RSS_FILE, String(process.resourceUsage().maxRSS)));
