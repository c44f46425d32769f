/**
 * The model rewrite at load time (src/extract/ocr/graph.ts) on a made-up model of the PaddleOCR
 * export's shape: convolution → scale → offset → hard-swish spelled out in four steps. The rewritten
 * model has fewer nodes and gives the same numbers under onnxruntime; a model without the pattern is
 * left as it was.
 */
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { simplifyModel } from '../src/extract/ocr/graph.js';
import { bytesField, float32Field, readFields, stringField, varintField, writeFields, type Field } from '../src/extract/ocr/protobuf.js';

const message = (number: number, fields: Field[]) => bytesField(number, writeFields(fields));

function constant(name: string, dims: number[], values: number[]): Field {
  const tensor = [...dims.map((d) => varintField(1, d)), varintField(2, 1), bytesField(9, new Uint8Array(Float32Array.from(values).buffer))];
  return message(1, [stringField(2, name), stringField(4, 'Constant'), message(5, [stringField(1, 'value'), message(5, tensor), varintField(20, 4)])]);
}

function node(op: string, inputs: string[], output: string, attributes: Field[] = []): Field {
  return message(1, [...inputs.map((i) => stringField(1, i)), stringField(2, output), stringField(3, output), stringField(4, op), ...attributes]);
}

const floatAttribute = (name: string, value: number) => message(5, [stringField(1, name), float32Field(2, value), varintField(20, 1)]);

/** A graph input or output of shape 1 × channels × 4 × 5. */
function tensorInfo(number: number, name: string, channels: number): Field {
  const dims = [1, channels, 4, 5].map((d) => message(1, [varintField(1, d)]));
  return message(number, [stringField(1, name), message(2, [message(1, [varintField(1, 1), message(2, dims)])])]);
}

/** x (2 channels) → 3×3 convolution → ·1.5 → +0.25 → hard-swish (Add 3, Clip 0…6, Mul, Div 6) → y; opset 9 or 11 Clip. */
function exportedModel(opset: 9 | 11): Uint8Array {
  const weights = Array.from({ length: 3 * 2 * 3 * 3 }, (_, i) => Math.sin(i) / 2);
  const clip = opset === 9 ? node('Clip', ['a3'], 'c', [floatAttribute('min', 0), floatAttribute('max', 6)]) : node('Clip', ['a3', 'zero', 'six'], 'c');
  const nodes = [
    constant('w', [3, 2, 3, 3], weights),
    constant('b', [3], [0.1, -0.2, 0.3]),
    constant('scale', [1], [1.5]),
    constant('offset', [1], [0.25]),
    constant('three', [], [3]),
    constant('six', [], [6]),
    ...(opset === 11 ? [constant('zero', [], [0])] : []),
    node('Conv', ['x', 'w', 'b'], 'conv', [message(5, [stringField(1, 'pads'), ...[1, 1, 1, 1].map((p) => varintField(8, p)), varintField(20, 7)])]),
    node('Mul', ['scale', 'conv'], 'scaled'),
    node('Add', ['scaled', 'offset'], 'h'),
    node('Add', ['h', 'three'], 'a3'),
    clip,
    node('Mul', ['h', 'c'], 'm'),
    node('Div', ['m', 'six'], 'y'),
  ];
  const graph = writeFields([...nodes, stringField(2, 'g'), tensorInfo(11, 'x', 2), tensorInfo(12, 'y', 3)]);
  return writeFields([varintField(1, 6), message(8, [stringField(1, ''), varintField(2, opset)]), bytesField(7, graph)]);
}

async function run(model: Uint8Array, input: Float32Array): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(model);
  const output = await session.run({ x: new ort.Tensor('float32', input, [1, 2, 4, 5]) });
  return output.y.data as Float32Array;
}

const nodeOp = (field: Field) => new TextDecoder().decode(readFields(field.value as Uint8Array).find((n) => n.number === 4)!.value as Uint8Array);

const nodeOps = (model: Uint8Array) => {
  const graph = readFields(readFields(model).find((f) => f.number === 7)!.value as Uint8Array);
  return graph.filter((f) => f.number === 1).map(nodeOp);
};

describe('the model rewrite at load time', () => {
  const input = Float32Array.from({ length: 40 }, (_, i) => Math.cos(i * 0.7) * 3);

  it.each([9, 11] as const)(
    'folds the scale and offset into the convolution and hard-swish into x · HardSigmoid(x) (opset %i), same numbers',
    async (opset) => {
      const model = exportedModel(opset);
      const rewritten = simplifyModel(model);
      expect(rewritten.foldedConvolutions).toBe(1);
      expect(rewritten.hardSwishes).toBe(1);
      expect(nodeOps(rewritten.model).filter((op) => op !== 'Constant')).toEqual(['Conv', 'HardSigmoid', 'Mul']);
      const [before, after] = [await run(model, input), await run(rewritten.model, input)];
      expect(before.some((v) => v < 0) && before.some((v) => v > 6)).toBe(true);
      after.forEach((v, i) => expect(v).toBeCloseTo(before[i], 5));
    },
  );

  it('leaves a model without the pattern as it was', () => {
    const model = exportedModel(9);
    const graph = readFields(readFields(model).find((f) => f.number === 7)!.value as Uint8Array);
    // Without the Div by 6 the chain is no hard-swish, and the scaled convolution is read twice: nothing to fold.
    const altered = writeFields([...graph.filter((f) => !(f.number === 1 && nodeOp(f) === 'Div')), node('Add', ['m', 'scaled'], 'y')]);
    const other = writeFields(readFields(model).map((f) => (f.number === 7 ? bytesField(7, altered) : f)));
    expect(simplifyModel(other)).toEqual({ model: other, foldedConvolutions: 0, hardSwishes: 0 });
  });
});
