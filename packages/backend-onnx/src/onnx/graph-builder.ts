import {
  ELEM,
  onnx,
  type IAttributeProto,
  type IGraphProto,
  type INodeProto,
  type ITensorProto,
  type IValueInfoProto,
  type OnnxDtype,
} from './proto.js';

/** An attribute value: integer, integer list, or a body graph. */
export type AttrValue = number | readonly number[] | IGraphProto;

/**
 * Appends ONNX nodes and constants to one graph (the main graph or a Scan body).
 * Every value gets a fresh name `<prefix>_<n>`; `op` returns the output name(s).
 * Constants are initializers of this graph; bodies may also read values of their
 * enclosing graph by name (ONNX outer-scope references).
 */
export class GraphBuilder {
  readonly nodes: INodeProto[] = [];
  readonly initializers: ITensorProto[] = [];
  private counter = 0;
  private readonly constCache = new Map<string, string>();

  constructor(
    readonly prefix: string,
    /** Element type of every float value of the graph. */
    readonly dtype: OnnxDtype,
  ) {}

  fresh(hint = 'v'): string {
    return `${this.prefix}_${hint}_${this.counter++}`;
  }

  /** One node with one output. */
  op(opType: string, inputs: readonly string[], attrs: Record<string, AttrValue> = {}, hint?: string): string {
    return this.opN(opType, inputs, 1, attrs, hint)[0];
  }

  /** One node with n outputs. */
  opN(opType: string, inputs: readonly string[], n: number, attrs: Record<string, AttrValue> = {}, hint?: string): string[] {
    const outputs = Array.from({ length: n }, () => this.fresh(hint ?? opType.toLowerCase()));
    const attribute: IAttributeProto[] = Object.entries(attrs).map(([name, v]) => toAttribute(name, v));
    this.nodes.push({ opType, input: [...inputs], output: outputs, name: outputs[0], attribute });
    return outputs;
  }

  /** A node whose output has a fixed name (graph outputs). */
  named(opType: string, inputs: readonly string[], output: string, attrs: Record<string, AttrValue> = {}): string {
    const attribute: IAttributeProto[] = Object.entries(attrs).map(([name, v]) => toAttribute(name, v));
    this.nodes.push({ opType, input: [...inputs], output: [output], name: output, attribute });
    return output;
  }

  /** A float constant of the graph's dtype, or of `dtype` (a scalar when dims is []). */
  float(values: readonly number[], dims: readonly number[] = [], dtype: OnnxDtype = this.dtype): string {
    const key = `f:${dtype}:${values.join(',')}:${dims.join(',')}`;
    return this.cached(key, () =>
      dtype === 'float64'
        ? { dataType: ELEM.float64, dims: [...dims], doubleData: [...values] }
        : { dataType: ELEM.float32, dims: [...dims], floatData: [...values] },
    );
  }

  /** An int64 constant (a scalar when dims is []; a 1-D list by default for arrays). */
  int(values: readonly number[] | number, dims?: readonly number[]): string {
    const list = typeof values === 'number' ? [values] : values;
    const shape = dims ?? (typeof values === 'number' ? [] : [list.length]);
    const key = `i:${list.join(',')}:${shape.join(',')}`;
    return this.cached(key, () => ({ dataType: ELEM.int64, dims: [...shape], int64Data: [...list] }));
  }

  /** The graph proto with the given inputs and outputs. */
  graph(name: string, inputs: IValueInfoProto[], outputs: IValueInfoProto[]): IGraphProto {
    return { name, node: this.nodes, initializer: this.initializers, input: inputs, output: outputs };
  }

  private cached(key: string, make: () => ITensorProto): string {
    const hit = this.constCache.get(key);
    if (hit) return hit;
    const name = this.fresh('const');
    this.initializers.push({ ...make(), name });
    this.constCache.set(key, name);
    return name;
  }
}

function toAttribute(name: string, v: AttrValue): IAttributeProto {
  const T = onnx.AttributeProto.AttributeType;
  if (typeof v === 'number') return { name, type: T.INT, i: v };
  if (Array.isArray(v)) return { name, type: T.INTS, ints: [...(v as number[])] };
  return { name, type: T.GRAPH, g: v as IGraphProto };
}

/** Serialises a graph as a model (opset 17, IR 8). */
export function encodeModel(graph: IGraphProto, docString: string): Uint8Array {
  const model = onnx.ModelProto.create({
    irVersion: 8,
    opsetImport: [{ domain: '', version: 17 }],
    producerName: '@seq2seq-losses/backend-onnx',
    producerVersion: '0.1.0',
    docString,
    graph,
  });
  const bytes = onnx.ModelProto.encode(model).finish(); // a Node Buffer under Node
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** A value built on first use: graph parts that only some models need (ORT runs every node). */
export function once<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}
