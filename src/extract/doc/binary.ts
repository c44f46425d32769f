/**
 * The parts of the Word 97–2003 binary format ([MS-DOC]) a report needs: the main text (through the
 * piece table), and for every paragraph whether it is in a table, ends a table row, and the row's
 * cell boundaries and merge flags (sprmTDefTable). Files are OLE compound files, read with cfb.
 */
import CFB from 'cfb';
import { UnreadableFileError } from '../errors.js';
import { verifyCompoundFile, type UnpackLimits } from '../unpack/index.js';

/** One table row's definition: cell boundaries in twips and each cell's merge flags. */
export interface RowDefinition {
  boundaries: number[];
  cells: { horizontalMerge: number; verticalMerge: number }[];
}

export interface DocParagraph {
  /** Text without its paragraph or cell mark. */
  text: string;
  inTable: boolean;
  /** Table nesting depth: 1 for a plain table. */
  depth: number;
  /** The paragraph ends a table cell (its mark is 0x07). */
  endsCell: boolean;
  /** The paragraph is a row-end mark; `row` describes the row. */
  endsRow: boolean;
  row: RowDefinition | null;
}

const FIB_IDENT = 0xa5ec;
const FLAG_ENCRYPTED = 0x0100;
const FLAG_TABLE_STREAM_1 = 0x0200;
/** Indices of (fc, lcb) pairs in FibRgFcLcb97. */
const FC_PLCF_BTE_PAPX = 13;
const FC_CLX = 33;

const SPRM_P_FINTABLE = 0x2416;
const SPRM_P_FTTP = 0x2417;
const SPRM_P_ITAP = 0x6649;
const SPRM_P_FINNER_TTP = 0x244c;
const SPRM_T_DEF_TABLE = 0xd608;
/** Properties too large for the FKP (a wide row's sprmTDefTable) live in the Data stream. */
const SPRM_P_HUGE_PAPX = 0x6646;

const CELL_MARK = 0x07;
const PARAGRAPH_MARK = 0x0d;

interface Piece {
  cpStart: number;
  cpEnd: number;
  /** Byte offset in the WordDocument stream. */
  offset: number;
  compressed: boolean;
}

interface PapxRun {
  fcStart: number;
  fcEnd: number;
  grpprl: Buffer;
}

function streamOf(container: CFB.CFB$Container, name: string): Buffer | null {
  const entry = CFB.find(container, name);
  return entry?.content ? Buffer.from(entry.content as Uint8Array) : null;
}

interface Fib {
  tableStream: string;
  ccpText: number;
  pair(index: number): [number, number];
}

function readFib(word: Buffer): Fib {
  if (word.length < 0x200 || word.readUInt16LE(0) !== FIB_IDENT) throw new UnreadableFileError('damaged Word file: no document header');
  const flags = word.readUInt16LE(0x0a);
  if (flags & FLAG_ENCRYPTED) throw new UnreadableFileError('password required: the Word document is encrypted');
  const csw = word.readUInt16LE(32);
  const cslwAt = 34 + csw * 2;
  const cslw = word.readUInt16LE(cslwAt);
  const longsAt = cslwAt + 2;
  const pairsAt = longsAt + cslw * 4 + 2;
  return {
    tableStream: flags & FLAG_TABLE_STREAM_1 ? '1Table' : '0Table',
    ccpText: word.readInt32LE(longsAt + 12),
    pair: (index) => [word.readUInt32LE(pairsAt + index * 8), word.readUInt32LE(pairsAt + index * 8 + 4)],
  };
}

function readPieces(table: Buffer, [fc, lcb]: [number, number]): Piece[] {
  let pos = fc;
  while (pos < fc + lcb) {
    const clxt = table[pos];
    if (clxt === 0x01) pos += 3 + table.readUInt16LE(pos + 1);
    else if (clxt === 0x02) {
      const size = table.readUInt32LE(pos + 1);
      const count = (size - 4) / 12;
      const cpsAt = pos + 5;
      const pcdsAt = cpsAt + (count + 1) * 4;
      return Array.from({ length: count }, (_, i) => {
        const raw = table.readUInt32LE(pcdsAt + i * 8 + 2);
        const compressed = (raw & 0x40000000) !== 0;
        const fcValue = raw & 0x3fffffff;
        return {
          cpStart: table.readUInt32LE(cpsAt + i * 4),
          cpEnd: table.readUInt32LE(cpsAt + (i + 1) * 4),
          offset: compressed ? fcValue / 2 : fcValue,
          compressed,
        };
      });
    } else break;
  }
  throw new UnreadableFileError('damaged Word file: no piece table');
}

/** 8-bit pieces are Windows-1252, where 0x80–0x9F hold typographic characters. */
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

function pieceText(word: Buffer, piece: Piece, cpStart: number, cpEnd: number): string {
  const skip = cpStart - piece.cpStart;
  const count = cpEnd - cpStart;
  if (!piece.compressed) return word.toString('utf16le', piece.offset + skip * 2, piece.offset + (skip + count) * 2);
  let text = '';
  for (let i = 0; i < count; i++) {
    const byte = word[piece.offset + skip + i];
    text += byte >= 0x80 && byte <= 0x9f ? CP1252_HIGH[byte - 0x80] : String.fromCharCode(byte);
  }
  return text;
}

/** Byte offset in the WordDocument stream of a character position. */
function fcOf(pieces: Piece[], cp: number): number {
  const piece = pieces.find((p) => cp >= p.cpStart && cp < p.cpEnd);
  if (!piece) return -1;
  return piece.offset + (cp - piece.cpStart) * (piece.compressed ? 1 : 2);
}

function readPapxRuns(word: Buffer, table: Buffer, [fc, lcb]: [number, number]): PapxRun[] {
  const count = (lcb - 4) / 8;
  const runs: PapxRun[] = [];
  for (let i = 0; i < count; i++) {
    const page = table.readUInt32LE(fc + (count + 1) * 4 + i * 4) & 0x3fffff;
    const fkp = word.subarray(page * 512, page * 512 + 512);
    const crun = fkp[511];
    for (let k = 0; k < crun; k++) {
      const offset = fkp[(crun + 1) * 4 + k * 13] * 2;
      let grpprl = Buffer.alloc(0);
      if (offset) {
        const cb = fkp[offset];
        const [start, size] = cb ? [offset + 1, cb * 2 - 1] : [offset + 2, fkp[offset + 1] * 2];
        grpprl = Buffer.from(fkp.subarray(start + 2, start + size)); // after the 2-byte istd
      }
      runs.push({ fcStart: fkp.readUInt32LE(k * 4), fcEnd: fkp.readUInt32LE((k + 1) * 4), grpprl });
    }
  }
  return runs.sort((a, b) => a.fcStart - b.fcStart);
}

function runAt(runs: PapxRun[], fc: number): PapxRun | null {
  let [low, high] = [0, runs.length - 1];
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (fc < runs[mid].fcStart) high = mid - 1;
    else if (fc >= runs[mid].fcEnd) low = mid + 1;
    else return runs[mid];
  }
  return null;
}

function operandSize(grpprl: Buffer, pos: number, sprm: number): [number, number] {
  switch (sprm >> 13) {
    case 0:
    case 1:
      return [0, 1];
    case 2:
    case 4:
    case 5:
      return [0, 2];
    case 3:
      return [0, 4];
    case 7:
      return [0, 3];
    default:
      // Variable length: a size byte first, or two for the table definition.
      if (sprm === SPRM_T_DEF_TABLE) return [2, grpprl.readUInt16LE(pos) - 1];
      return [1, grpprl[pos]];
  }
}

function readRowDefinition(operand: Buffer): RowDefinition {
  const count = operand[0];
  const boundaries = Array.from({ length: count + 1 }, (_, i) => operand.readInt16LE(1 + i * 2));
  const tcAt = 1 + (count + 1) * 2;
  const cells = Array.from({ length: count }, (_, i) => {
    const at = tcAt + i * 20;
    const flags = at + 2 <= operand.length ? operand.readUInt16LE(at) : 0;
    return { horizontalMerge: flags & 0x3, verticalMerge: (flags >> 5) & 0x3 };
  });
  return { boundaries, cells };
}

interface ParagraphProperties {
  inTable: boolean;
  depth: number;
  endsRow: boolean;
  row: RowDefinition | null;
}

function readProperties(grpprl: Buffer, data: Buffer | null): ParagraphProperties {
  const props: ParagraphProperties = { inTable: false, depth: 0, endsRow: false, row: null };
  let innerRowEnd = false;
  const apply = (list: Buffer) => {
    for (let pos = 0; pos + 2 <= list.length;) {
      const sprm = list.readUInt16LE(pos);
      pos += 2;
      const [header, size] = operandSize(list, pos, sprm);
      const operand = list.subarray(pos + header, pos + header + size);
      pos += header + size;
      if (sprm === SPRM_P_HUGE_PAPX && data && operand.length >= 4) {
        const at = operand.readUInt32LE(0);
        if (at + 2 <= data.length) apply(data.subarray(at + 2, at + 2 + data.readUInt16LE(at)));
      } else if (sprm === SPRM_P_FINTABLE) props.inTable = operand[0] === 1;
      else if (sprm === SPRM_P_FTTP) props.endsRow = operand[0] === 1;
      else if (sprm === SPRM_P_ITAP && operand.length >= 4) props.depth = operand.readInt32LE(0);
      else if (sprm === SPRM_P_FINNER_TTP) innerRowEnd = operand[0] === 1;
      else if (sprm === SPRM_T_DEF_TABLE && operand.length >= 3) props.row = readRowDefinition(operand);
    }
  };
  apply(grpprl);
  if (props.inTable && props.depth === 0) props.depth = 1;
  if (innerRowEnd && props.depth > 1) props.endsRow = false;
  return props;
}

/** Field codes are dropped and their results kept; object and note anchors are dropped. */
function cleanText(raw: string): string {
  let text = '';
  const fields: boolean[] = []; // per open field: are we past its separator?
  for (const ch of raw) {
    const code = ch.charCodeAt(0);
    if (code === 0x13) fields.push(false);
    else if (code === 0x14) fields[fields.length - 1] = true;
    else if (code === 0x15) fields.pop();
    else if (fields.length && !fields[fields.length - 1]) continue;
    else if (code === 0x0b || code === 0x0c) text += '\n';
    else if (code === 0x1e) text += '-';
    else if (code === 0xa0) text += ' ';
    else if (code >= 0x20 || code === 0x09) text += ch;
  }
  return text;
}

export function readDocParagraphs(bytes: Uint8Array, limits: UnpackLimits): DocParagraph[] {
  let container: CFB.CFB$Container;
  try {
    verifyCompoundFile(bytes, limits);
    container = CFB.read(Buffer.from(bytes), { type: 'buffer' });
  } catch (error) {
    if (error instanceof UnreadableFileError) throw error;
    throw new UnreadableFileError(`damaged Word file: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (CFB.find(container, 'EncryptionInfo') || CFB.find(container, 'EncryptedPackage')) {
    throw new UnreadableFileError('password required: the document is encrypted');
  }
  const word = streamOf(container, 'WordDocument');
  if (!word) throw new UnreadableFileError('not a Word .doc file: no WordDocument stream');
  const fib = readFib(word);
  const table = streamOf(container, fib.tableStream);
  if (!table) throw new UnreadableFileError(`damaged Word file: no ${fib.tableStream} stream`);
  try {
    const pieces = readPieces(table, fib.pair(FC_CLX));
    const runs = readPapxRuns(word, table, fib.pair(FC_PLCF_BTE_PAPX));
    const data = streamOf(container, 'Data');
    const text = pieces
      .filter((p) => p.cpStart < fib.ccpText)
      .map((p) => pieceText(word, p, p.cpStart, Math.min(p.cpEnd, fib.ccpText)))
      .join('');
    const paragraphs: DocParagraph[] = [];
    let start = 0;
    for (let cp = 0; cp < text.length; cp++) {
      const code = text.charCodeAt(cp);
      if (code !== PARAGRAPH_MARK && code !== CELL_MARK) continue;
      const run = runAt(runs, fcOf(pieces, cp));
      const props = run ? readProperties(run.grpprl, data) : { inTable: false, depth: 0, endsRow: false, row: null };
      paragraphs.push({
        text: cleanText(text.slice(start, cp)),
        inTable: props.inTable,
        depth: props.depth,
        endsCell: code === CELL_MARK && !props.endsRow,
        endsRow: props.endsRow,
        row: props.row,
      });
      start = cp + 1;
    }
    return paragraphs;
  } catch (error) {
    if (error instanceof UnreadableFileError) throw error;
    throw new UnreadableFileError(`damaged Word file: ${error instanceof Error ? error.message : String(error)}`);
  }
}
