/** The one way into ZIP and OLE containers: every reader of DOCX, XLSX, XLS and DOC goes through here. */
export { ContainerDamage } from './damage.js';
export { DEFAULT_MAX_UNPACKED_MB, DEFAULT_UNPACK_LIMITS, MB, type UnpackLimits } from './limits.js';
export { unzipEntryLimited, unzipLimited, verifyZip, zipEntries, type ZipEntry } from './zip.js';
export { verifyCompoundFile } from './cfb.js';
