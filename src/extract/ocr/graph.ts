/**
 * PaddleOCR's models as exported to ONNX spell every activation of their PP-LCNetV3 backbone out in
 * small steps: a convolution, then a learnable scale and offset (Mul, Add by scalars), then hard-swish
 * as Add 3, Clip 0…6, Mul, Div 6. onnxruntime fuses none of it, so on one thread these element-wise
 * passes over the activations took a third of recognition's time. Rewritten when the model is loaded,
 * with the same arithmetic:
 *  - a scalar scale and offset right after a convolution go into its weights and bias (s·(W∗x + B) + b
 *    = (s·W)∗x + (s·B + b));
 *  - hard-swish becomes x · HardSigmoid(x) with alpha 1/6, beta 1/2 (two passes instead of four).
 * A graph without these patterns is returned unchanged.
 */
import { bytesField, bytesOf, float32Field, readFields, stringField, text, varintField, writeFields, writeMessage, type Field } from './protobuf.js';

// ONNX field numbers (onnx.proto).
const MODEL = { graph: 7 };
const GRAPH = { node: 1, output: 12 };
const VALUE_INFO = { name: 1 };
const NODE = { input: 1, output: 2, name: 3, opType: 4, attribute: 5 };
const ATTRIBUTE = { name: 1, f: 2, t: 5, type: 20 };
const ATTRIBUTE_TYPE = { float: 1, tensor: 4 };
const TENSOR = { dims: 1, dataType: 2, floatData: 4, rawData: 9 };
const FLOAT = 1;

interface Node {
  op: string;
  inputs: string[];
  outputs: string[];
  fields: Field[];
  /** Nodes a rewrite puts right before this one (the constants or gate it reads). */
  before?: Node[];
  /** The node as read from the model, written back as is when no rewrite touched it. */
  read?: Field;
}

interface FloatTensor {
  dims: number[];
  values: Float32Array;
}

function readNode(field: Field): Node {
  const fields = readFields(bytesOf(field));
  const strings = (n: number) => fields.filter((f) => f.number === n).map(text);
  return { op: strings(NODE.opType)[0] ?? '', inputs: strings(NODE.input), outputs: strings(NODE.output), fields, read: field };
}

const edgeFields = (inputs: string[], outputs: string[]) => [
  ...inputs.map((i) => stringField(NODE.input, i)),
  ...outputs.map((o) => stringField(NODE.output, o)),
];

/** A node with new inputs and outputs (its name, attributes and the rest kept). */
function withEdges(node: Node, inputs: string[], outputs: string[]): Node {
  const rest = node.fields.filter((f) => f.number !== NODE.input && f.number !== NODE.output);
  return { op: node.op, inputs, outputs, fields: [...edgeFields(inputs, outputs), ...rest] };
}

function newNode(op: string, inputs: string[], outputs: string[], attributes: Field[] = []): Node {
  return { op, inputs, outputs, fields: [...edgeFields(inputs, outputs), stringField(NODE.name, outputs[0]), stringField(NODE.opType, op), ...attributes] };
}

function floatAttribute(name: string, value: number): Field {
  return bytesField(
    NODE.attribute,
    writeFields([stringField(ATTRIBUTE.name, name), float32Field(ATTRIBUTE.f, value), varintField(ATTRIBUTE.type, ATTRIBUTE_TYPE.float)]),
  );
}

function attributes(node: Node): Map<string, Field[]> {
  const byName = new Map<string, Field[]>();
  for (const f of node.fields.filter((f) => f.number === NODE.attribute)) {
    const fields = readFields(bytesOf(f));
    byName.set(text(fields.find((a) => a.number === ATTRIBUTE.name)), fields);
  }
  return byName;
}

const float32At = (bytes: Uint8Array) => new DataView(bytes.buffer, bytes.byteOffset, 4).getFloat32(0, true);

function floatAttributeValue(node: Node, name: string): number | null {
  const f = attributes(node)
    .get(name)
    ?.find((a) => a.number === ATTRIBUTE.f);
  return f ? float32At(bytesOf(f)) : null;
}

/** Packed or unpacked repeated varints. */
function varints(fields: Field[], number: number): number[] {
  return fields
    .filter((f) => f.number === number)
    .flatMap((f) => {
      if (typeof f.value === 'number') return [f.value];
      const values: number[] = [];
      let [value, scale] = [0, 1];
      for (const byte of f.value) {
        value += (byte & 0x7f) * scale;
        scale *= 128;
        if (byte < 0x80) {
          values.push(value);
          [value, scale] = [0, 1];
        }
      }
      return values;
    });
}

/** A Constant node's float tensor, or null when it holds anything else. */
function constantTensor(node: Node): FloatTensor | null {
  if (node.op !== 'Constant') return null;
  const t = attributes(node)
    .get('value')
    ?.find((a) => a.number === ATTRIBUTE.t);
  if (!t) return null;
  const fields = readFields(bytesOf(t));
  if (varints(fields, TENSOR.dataType)[0] !== FLOAT) return null;
  const dims = varints(fields, TENSOR.dims);
  const raw = fields.find((f) => f.number === TENSOR.rawData);
  const packed = fields.filter((f) => f.number === TENSOR.floatData);
  let values: Float32Array;
  if (raw) values = new Float32Array(Uint8Array.from(bytesOf(raw)).buffer);
  else
    values = Float32Array.from(
      packed.flatMap((f) => (f.wire === 5 ? [float32At(bytesOf(f))] : Array.from(new Float32Array(Uint8Array.from(bytesOf(f)).buffer)))),
    );
  return values.length === dims.reduce((n, d) => n * d, 1) ? { dims, values } : null;
}

function constantNode(output: string, tensor: FloatTensor): Node {
  const raw = new Uint8Array(tensor.values.buffer, tensor.values.byteOffset, tensor.values.byteLength);
  const proto = writeFields([...tensor.dims.map((d) => varintField(TENSOR.dims, d)), varintField(TENSOR.dataType, FLOAT), bytesField(TENSOR.rawData, raw)]);
  const value = bytesField(
    NODE.attribute,
    writeFields([stringField(ATTRIBUTE.name, 'value'), bytesField(ATTRIBUTE.t, proto), varintField(ATTRIBUTE.type, ATTRIBUTE_TYPE.tensor)]),
  );
  return newNode('Constant', [], [output], [value]);
}

/** The graph's nodes with what the rewrites need to look up: producers, consumers, constants. */
class Graph {
  nodes: (Node | null)[];
  private producer = new Map<string, number>();
  private consumers = new Map<string, number[]>();

  constructor(nodes: Node[], outputs: string[]) {
    this.nodes = nodes;
    nodes.forEach((node, i) => {
      for (const o of node.outputs) this.producer.set(o, i);
      for (const input of node.inputs) this.consumers.set(input, [...(this.consumers.get(input) ?? []), i]);
    });
    // A graph output has a consumer outside the graph.
    for (const o of outputs) this.consumers.set(o, [...(this.consumers.get(o) ?? []), -1]);
  }

  /** The only node reading `name`, when it is of type `op`. */
  soleConsumer(name: string, op: string): [number, Node] | null {
    const readers = this.consumers.get(name) ?? [];
    const node = readers.length === 1 && readers[0] >= 0 ? this.nodes[readers[0]] : null;
    return node && node.op === op ? [readers[0], node] : null;
  }

  constant(name: string): FloatTensor | null {
    const i = this.producer.get(name);
    const node = i === undefined ? null : this.nodes[i];
    return node ? constantTensor(node) : null;
  }

  scalar(name: string): number | null {
    const t = this.constant(name);
    return t && t.values.length === 1 ? t.values[0] : null;
  }

  /** The value of a binary node's other operand than `name`, when that is a scalar constant. */
  otherScalar(node: Node, name: string): number | null {
    if (node.inputs.length !== 2) return null;
    const other = node.inputs[0] === name ? node.inputs[1] : node.inputs[1] === name ? node.inputs[0] : null;
    return other === null ? null : this.scalar(other);
  }
}

/** Conv → Mul by a scalar → Add a scalar: the scale and offset go into the convolution. */
function foldAffineIntoConvolutions(graph: Graph): number {
  let folded = 0;
  graph.nodes.forEach((conv, i) => {
    if (!conv || conv.op !== 'Conv' || conv.inputs.length < 2) return;
    const mul = graph.soleConsumer(conv.outputs[0], 'Mul');
    const scale = mul && graph.otherScalar(mul[1], conv.outputs[0]);
    const add = mul && scale !== null ? graph.soleConsumer(mul[1].outputs[0], 'Add') : null;
    const offset = add && graph.otherScalar(add[1], mul![1].outputs[0]);
    const weights = graph.constant(conv.inputs[1]);
    if (!mul || scale === null || !add || offset === null || offset === undefined || !weights) return;
    const outputs = weights.dims[0];
    const bias = conv.inputs[2] ? graph.constant(conv.inputs[2]) : { dims: [outputs], values: new Float32Array(outputs) };
    if (!bias || bias.values.length !== outputs) return;
    const name = add[1].outputs[0];
    const w = constantNode(`${name}.weights_scaled`, { dims: weights.dims, values: weights.values.map((v) => v * scale) });
    const b = constantNode(`${name}.bias_scaled`, { dims: [outputs], values: bias.values.map((v) => v * scale + offset) });
    graph.nodes[i] = null;
    graph.nodes[mul[0]] = null;
    // The Add's place takes the folded convolution: its input comes earlier, its readers later.
    graph.nodes[add[0]] = { ...withEdges(conv, [conv.inputs[0], w.outputs[0], b.outputs[0]], [name]), before: [w, b] };
    folded++;
  });
  return folded;
}

/** A Clip's bounds: attributes up to opset 10, constant inputs from opset 11. */
function clipBounds(graph: Graph, clip: Node): (number | null)[] {
  if (clip.inputs.length === 1) return [floatAttributeValue(clip, 'min'), floatAttributeValue(clip, 'max')];
  return clip.inputs.slice(1).map((bound) => (bound ? graph.scalar(bound) : null));
}

/** Add 3 → Clip 0…6 → Mul by the input → Div 6 (hard-swish) → HardSigmoid(x) · x. */
function hardSwishToHardSigmoid(graph: Graph): number {
  let rewritten = 0;
  graph.nodes.forEach((add, i) => {
    if (!add || add.op !== 'Add') return;
    const x = add.inputs.find((input) => graph.scalar(input) === null);
    if (x === undefined || graph.otherScalar(add, x) !== 3) return;
    const clip = graph.soleConsumer(add.outputs[0], 'Clip');
    if (!clip || clipBounds(graph, clip[1]).join() !== '0,6') return;
    const mul = graph.soleConsumer(clip[1].outputs[0], 'Mul');
    const gated = mul && mul[1].inputs.length === 2 && mul[1].inputs.includes(x) && mul[1].inputs.includes(clip[1].outputs[0]);
    if (!mul || !gated) return;
    const div = graph.soleConsumer(mul[1].outputs[0], 'Div');
    if (!div || div[1].inputs[0] !== mul[1].outputs[0] || graph.scalar(div[1].inputs[1]) !== 6) return;
    const y = div[1].outputs[0];
    const hardSigmoid = newNode('HardSigmoid', [x], [`${y}.gate`], [floatAttribute('alpha', 1 / 6), floatAttribute('beta', 0.5)]);
    for (const k of [i, clip[0], mul[0]]) graph.nodes[k] = null;
    graph.nodes[div[0]] = { ...newNode('Mul', [x, hardSigmoid.outputs[0]], [y]), before: [hardSigmoid] };
    rewritten++;
  });
  return rewritten;
}

/** Nodes in order, each preceded by the nodes a rewrite put before it; constants nobody reads dropped. */
function orderedNodes(graph: Graph, outputs: string[]): Node[] {
  const nodes = graph.nodes.flatMap((n) => (n ? [...(n.before ?? []), { ...n, before: undefined }] : []));
  const read = new Set([...nodes.flatMap((n) => n.inputs), ...outputs]);
  return nodes.filter((n) => n.op !== 'Constant' || n.outputs.some((o) => read.has(o)));
}

export interface Rewritten {
  model: Uint8Array;
  foldedConvolutions: number;
  hardSwishes: number;
}

/** An ONNX model's bytes → the same model with the element-wise chains above rewritten. */
export function simplifyModel(model: Uint8Array): Rewritten {
  const modelFields = readFields(model);
  const graphField = modelFields.find((f) => f.number === MODEL.graph);
  if (!graphField) return { model, foldedConvolutions: 0, hardSwishes: 0 };
  const graphFields = readFields(bytesOf(graphField));
  const outputs = graphFields.filter((f) => f.number === GRAPH.output).map((f) => text(readFields(bytesOf(f)).find((v) => v.number === VALUE_INFO.name)));
  const graph = new Graph(graphFields.filter((f) => f.number === GRAPH.node).map(readNode), outputs);
  const foldedConvolutions = foldAffineIntoConvolutions(graph);
  const rebuilt = new Graph(orderedNodes(graph, outputs), outputs);
  const hardSwishes = hardSwishToHardSigmoid(rebuilt);
  if (!foldedConvolutions && !hardSwishes) return { model, foldedConvolutions, hardSwishes };
  const nodes = orderedNodes(rebuilt, outputs).map((n) => n.read ?? bytesField(GRAPH.node, writeFields(n.fields)));
  const newGraph = { number: MODEL.graph, parts: [...nodes, ...graphFields.filter((f) => f.number !== GRAPH.node)] };
  return { model: writeMessage(modelFields.map((f) => (f === graphField ? newGraph : f))), foldedConvolutions, hardSwishes };
}
