/**
 * Text from documents on its way to a terminal. A document can hold control characters (an escape
 * sequence in a crafted page can move the cursor, retitle the window or hide lines of output): they
 * are dropped before printing. Tabs stay out too: the commands use them to separate fields.
 * JSON output needs none of this, as JSON escapes every control character itself.
 */

/** C0 controls, DEL, C1 controls, and the bidirectional overrides that can reorder a printed line. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** A field for one line of terminal output: control characters removed, line breaks become spaces. */
export function printable(text: string): string {
  return text.replace(/[\r\n\t]+/g, ' ').replace(CONTROLS, '');
}
