// Whether sample b is computable (status 0) with a finite log-likelihood stats[b], as a value uniform
// over the workgroup (stats is written by an earlier pass). The pass binds `stats`.
var<workgroup> wg_live: u32;

fn sample_live(b: u32, lid: u32) -> bool {
  if (lid == 0u) { wg_live = select(0u, 1u, status(b) == 0 && stats[b] > P.neg_inf); }
  return workgroupUniformLoad(&wg_live) == 1u;
}
