// Entry of the loss-only dispatch: one workgroup per sample runs the forward recursion.
@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_index) lid: u32) {
  forward_sample(wid.x, lid);
}
