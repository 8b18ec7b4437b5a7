// Cross-origin isolation (COOP + COEP) for `vite` and `vite preview`: SharedArrayBuffer, and with it
// backend-cpu's Web Workers, need it. Without these headers the page still works, on one thread.
// (A plain object, so the file needs nothing installed to be read.)
const crossOriginIsolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default {
  server: { headers: crossOriginIsolation },
  preview: { headers: crossOriginIsolation },
};
