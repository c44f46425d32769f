/**
 * The young generation of each reading worker. pdf.js allocates about half a gigabyte a second while
 * it converts fonts and builds text, and V8's default 16 MB semi-spaces fill so often that objects
 * living for one page get promoted, to be collected again by the slower old-generation collector.
 * Twice the default cut the CPU time of the bench's PDF corpus from 7.8 s to 6.7 s, and with it the
 * collecting that V8 does on background threads, for 15 to 30 MB more peak memory per worker. Other
 * formats are unaffected.
 */
export const SEMI_SPACE_MB = 32;

/** The same size as worker_threads' resourceLimits count it: two semi-spaces and a large-object space of one. */
export const YOUNG_GENERATION_MB = 3 * SEMI_SPACE_MB;
