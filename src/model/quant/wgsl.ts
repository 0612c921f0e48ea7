// WGSL programs for the quantized kernels, in the shape tfjs-backend-webgpu's runWebGPUProgram takes:
// one invocation per output element, unpacking int32 words in registers (no float32 weight matrix).

import { codeFormat, type QuantLayout } from './pack';

/** The fields of tfjs-backend-webgpu's WebGPUProgram that these programs set. */
export interface QuantWebGpuProgram {
  outputShape: number[];
  shaderKey: string;
  dispatchLayout: { x: number[] };
  dispatch: [number, number, number];
  variableNames: string[];
  workgroupSize: [number, number, number];
  size: boolean;
  getUserCode: () => string;
}

const WORKGROUP = 64;

function program(kind: string, outputShape: number[], variableNames: string[], layout: QuantLayout, body: string): QuantWebGpuProgram {
  const size = outputShape.reduce((a, b) => a * b, 1);
  const { bits, groupSize, inFeatures, outFeatures } = layout;
  return {
    outputShape,
    shaderKey: `comam_${kind}_${bits}_${groupSize}_${inFeatures}_${outFeatures}`,
    dispatchLayout: { x: outputShape.map((_, i) => i) },
    dispatch: [Math.ceil(size / WORKGROUP), 1, 1],
    variableNames,
    workgroupSize: [WORKGROUP, 1, 1],
    size: true,
    getUserCode: () => body,
  };
}

/** The signed code j (0-based within its word) of a packed word, as f32. */
function unpackFn(layout: QuantLayout): string {
  const { mask, offset } = codeFormat(layout.bits);
  return `
      fn code(word : i32, j : i32) -> f32 {
        return f32(((word >> u32(j * ${layout.bits})) & ${mask}) - ${offset});
      }`;
}

/** y [rows, out] = x [rows, in] · Wᵀ. */
export function quantMatMulProgram(rows: number, layout: QuantLayout): QuantWebGpuProgram {
  const { bits, groupSize, inFeatures: n, outFeatures: out } = layout;
  const { perWord } = codeFormat(bits);
  const words = n / perWord;
  const groups = n / groupSize;
  const wordsPerGroup = groupSize / perWord;
  return program('qmm', [rows, out], ['x', 'packed', 'scales'], layout, `
      ${unpackFn(layout)}
      fn main(index : i32) {
        if (index < uniforms.size) {
          let r = index / ${out};
          let o = index % ${out};
          var acc = 0.0;
          for (var g = 0; g < ${groups}; g++) {
            var part = 0.0;
            for (var w = 0; w < ${wordsPerGroup}; w++) {
              let word = packed[o * ${words} + g * ${wordsPerGroup} + w];
              let base = r * ${n} + (g * ${wordsPerGroup} + w) * ${perWord};
              for (var j = 0; j < ${perWord}; j++) {
                part = part + x[base + j] * code(word, j);
              }
            }
            acc = acc + part * scales[o * ${groups} + g];
          }
          setOutputAtIndex(index, acc);
        }
      }`);
}

/** dx [rows, in] = dy [rows, out] · W. */
export function quantMatMulTProgram(rows: number, layout: QuantLayout): QuantWebGpuProgram {
  const { bits, groupSize, inFeatures: n, outFeatures: out } = layout;
  const { perWord } = codeFormat(bits);
  const words = n / perWord;
  const groups = n / groupSize;
  return program('qmmT', [rows, n], ['dy', 'packed', 'scales'], layout, `
      ${unpackFn(layout)}
      fn main(index : i32) {
        if (index < uniforms.size) {
          let r = index / ${n};
          let i = index % ${n};
          let wi = i / ${perWord};
          let j = i % ${perWord};
          let g = i / ${groupSize};
          var acc = 0.0;
          for (var o = 0; o < ${out}; o++) {
            acc = acc + dy[r * ${out} + o] * (code(packed[o * ${words} + wi], j) * scales[o * ${groups} + g]);
          }
          setOutputAtIndex(index, acc);
        }
      }`);
}

/** Rows `ids` [rows] of the packed matrix as float32 [rows, in] (gathering in the shader keeps int32 words exact). */
export function dequantRowsProgram(rows: number, layout: QuantLayout): QuantWebGpuProgram {
  const { bits, groupSize, inFeatures: n } = layout;
  const { perWord } = codeFormat(bits);
  const words = n / perWord;
  const groups = n / groupSize;
  return program('deq', [rows, n], ['packed', 'scales', 'ids'], layout, `
      ${unpackFn(layout)}
      fn main(index : i32) {
        if (index < uniforms.size) {
          let r = ids[index / ${n}];
          let i = index % ${n};
          setOutputAtIndex(index, code(packed[r * ${words} + i / ${perWord}], i % ${perWord}) * scales[r * ${groups} + i / ${groupSize}]);
        }
      }`);
}
