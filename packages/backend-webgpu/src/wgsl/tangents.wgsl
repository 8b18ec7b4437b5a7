// Entry of the HVP tangent dispatch, grid (2B, D): workgroups [0, B) run the forward tangent r of
// sample b, [B, 2B) the backward tangent q of sample b - B, side by side (both read only alpha/beta,
// the direction and its centring).
@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_index) lid: u32) {
  if (wid.x < P.B) {
    tangent_forward_sample(wid.x, wid.y, lid);
  } else {
    tangent_backward_sample(wid.x - P.B, wid.y, lid);
  }
}
