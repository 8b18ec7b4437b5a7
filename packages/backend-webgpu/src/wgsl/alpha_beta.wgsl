// Entry of the derivative dispatch: workgroups [0, B) run the forward recursion of sample b, and
// [B, 2B) the backward recursion of sample b - B, so both recursions (each latency-bound with only B
// workgroups) run side by side in one dispatch.
@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_index) lid: u32) {
  if (wid.x < P.B) {
    forward_sample(wid.x, lid);
  } else {
    backward_sample(wid.x - P.B, lid);
  }
}
