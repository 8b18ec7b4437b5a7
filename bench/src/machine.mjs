import os from 'node:os';

/** What the numbers were measured on. */
export function describeMachine() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: os.availableParallelism?.() ?? cpus.length,
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    /** 1-minute load average at the start: other work on the machine slows every number. */
    loadAverage: Math.round(os.loadavg()[0] * 100) / 100,
    vulkanDriver: process.env.CTC_BENCH_VULKAN ?? process.env.VK_ICD_FILENAMES ?? null,
  };
}

/** A short file-name slug for the machine, e.g. 'amd-epyc-7b13-2c'. @param {{ cpu: string, cores: number }} m */
export function machineSlug(m) {
  const model = m.cpu
    .toLowerCase()
    .replace(/\(r\)|\(tm\)|cpu|processor|@.*$|\d+-core/g, ' ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return `${model || 'cpu'}-${m.cores}c`;
}
