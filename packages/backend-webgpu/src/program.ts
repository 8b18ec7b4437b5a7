import { shaderSource } from './shader-source.js';

/** Access of a storage binding from binding 2 on (0 is the uniform Params, 1 the read-only meta). */
export type Access = 'read' | 'write';

/** The grid of one dispatch, in workgroups. */
export type Grid = readonly [number, number, number];

/** Sizes a pass dispatches over: B samples, T frames, D directions. */
export interface GridDims {
  readonly B: number;
  readonly T: number;
  readonly D: number;
}

/** One GPU pass: its WGSL (snippets concatenated in order), workgroup size, bindings and grid. */
export interface ProgramSpec {
  readonly label: string;
  /** .wgsl files under wgsl/, without the extension; the last one holds `main`. */
  readonly shaders: readonly string[];
  /** Threads per workgroup: the `WG` override (a power of two, at most 256). */
  readonly workgroupSize: number;
  /** Storage bindings 2, 3, ... in order. */
  readonly storage: readonly Access[];
  readonly grid: (dims: GridDims) => Grid;
}

/** A compiled pass: pipeline plus explicit bind group layout. */
export class ComputeProgram {
  private constructor(
    readonly spec: ProgramSpec,
    private readonly device: GPUDevice,
    private readonly layout: GPUBindGroupLayout,
    private readonly pipeline: GPUComputePipeline,
  ) {}

  /** Compiles without blocking the caller (the backend's own device). */
  static async create(device: GPUDevice, spec: ProgramSpec): Promise<ComputeProgram> {
    const { layout, descriptor } = describePipeline(device, spec);
    return new ComputeProgram(spec, device, layout, await device.createComputePipelineAsync(descriptor));
  }

  /** Compiles now (a device owned by another library, whose kernels must run synchronously). */
  static createSync(device: GPUDevice, spec: ProgramSpec): ComputeProgram {
    const { layout, descriptor } = describePipeline(device, spec);
    return new ComputeProgram(spec, device, layout, device.createComputePipeline(descriptor));
  }

  /** Records one dispatch; `params` is a slot of a uniform buffer, `storage` the buffers of bindings 2, 3, ... */
  encode(pass: GPUComputePassEncoder, params: GPUBufferBinding, meta: GPUBuffer, storage: readonly GPUBuffer[], dims: GridDims): void {
    if (storage.length !== this.spec.storage.length) {
      throw new Error(`${this.spec.label}: expected ${this.spec.storage.length} storage buffers, got ${storage.length}`);
    }
    const [x, y, z] = this.spec.grid(dims);
    if (x * y * z === 0) return;
    const bindGroup = this.device.createBindGroup({
      label: this.spec.label,
      layout: this.layout,
      entries: [params, ...[meta, ...storage].map((buffer) => ({ buffer }))].map((resource, binding) => ({ binding, resource })),
    });
    pass.setPipeline(this.pipeline);
    pass.setBindGroup(0, bindGroup);
    pass.dispatchWorkgroups(x, y, z);
  }
}

/** The shader module, the explicit bind group layout and the pipeline descriptor of one pass. */
function describePipeline(device: GPUDevice, spec: ProgramSpec): { layout: GPUBindGroupLayout; descriptor: GPUComputePipelineDescriptor } {
  const module = device.createShaderModule({ label: spec.label, code: spec.shaders.map(shaderSource).join('\n') });
  const entries: GPUBindGroupLayoutEntry[] = [
    { binding: 0, visibility: GPUShaderStage.COMPUTE, buffer: { type: 'uniform' } },
    { binding: 1, visibility: GPUShaderStage.COMPUTE, buffer: { type: 'read-only-storage' } },
    ...spec.storage.map((access, i) => ({
      binding: i + 2,
      visibility: GPUShaderStage.COMPUTE,
      buffer: { type: access === 'read' ? ('read-only-storage' as const) : ('storage' as const) },
    })),
  ];
  const layout = device.createBindGroupLayout({ label: spec.label, entries });
  const descriptor: GPUComputePipelineDescriptor = {
    label: spec.label,
    layout: device.createPipelineLayout({ label: spec.label, bindGroupLayouts: [layout] }),
    compute: { module, entryPoint: 'main', constants: { WG: spec.workgroupSize } },
  };
  return { layout, descriptor };
}
