/**
 * The built-ins as the engine provides them, captured before pdf.js loads. pdf.js's legacy bundle
 * carries core-js, which on Node 20's V8 replaces Array.prototype.push, JSON.parse and
 * JSON.stringify process-wide with slower JavaScript versions (push alone cost a fifth of all time).
 * The additions it makes (Promise.withResolvers …) are what pdf.js needs and are left in place.
 */
const NATIVE = {
  push: Array.prototype.push,
  parse: JSON.parse,
  stringify: JSON.stringify,
};

export function restoreNativeBuiltins(): void {
  // Putting the engine's own method back.
  Array.prototype.push = NATIVE.push;
  JSON.parse = NATIVE.parse;
  JSON.stringify = NATIVE.stringify;
}
