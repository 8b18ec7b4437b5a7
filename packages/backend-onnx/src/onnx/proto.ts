import onnxProto from 'onnx-proto';
import type { onnx as OnnxTypes } from 'onnx-proto';

/** The onnx-proto namespace (a CommonJS module: reached through its default export). */
export const onnx = onnxProto.onnx;
export type INodeProto = OnnxTypes.INodeProto;
export type IGraphProto = OnnxTypes.IGraphProto;
export type ITensorProto = OnnxTypes.ITensorProto;
export type IValueInfoProto = OnnxTypes.IValueInfoProto;
export type IAttributeProto = OnnxTypes.IAttributeProto;

/** Float precision of a model: every floating tensor of the graph has this element type. */
export type OnnxDtype = 'float32' | 'float64';

/** TensorProto.DataType codes used here. */
export const ELEM = { float32: 1, int64: 7, bool: 9, float64: 11 } as const;
export type ElemName = keyof typeof ELEM;

/** A named value with its element type and (symbolic or fixed) shape, for graph inputs/outputs. */
export function valueInfo(name: string, elem: ElemName, dims?: readonly (string | number)[]): IValueInfoProto {
  const shape = dims && {
    dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })),
  };
  return { name, type: { tensorType: { elemType: ELEM[elem], shape } } };
}
