// The dense per-frame pass of a large-vocabulary CTC gradient as a plain C loop (frame max, exp, sum,
// the softmax row written as float32), one core: the native figure beside backend-cpu's kernels.
//   gcc -O3 -march=native -ffast-math bench/native/dense-pass.c -o /tmp/dense-pass -lm && /tmp/dense-pass
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec * 1e3 + t.tv_nsec / 1e6; }
int main(void) {
  const int B = 8, T = 150, C = 5000; const long N = (long)B * T * C;
  float *x = malloc(N * 4), *g = malloc(N * 4);
  srand(1); for (long i = 0; i < N; i++) x[i] = (float)rand() / RAND_MAX * 4 - 2;
  double best = 1e9; volatile double sink = 0;
  for (int rep = 0; rep < 15; rep++) {
    double t0 = now();
    for (long f = 0; f < (long)B * T; f++) {
      const float *r = x + f * C; float *o = g + f * C;
      float m = -INFINITY; for (int c = 0; c < C; c++) m = r[c] > m ? r[c] : m;
      float s = 0; for (int c = 0; c < C; c++) { o[c] = expf(r[c] - m); s += o[c]; }
      float iz = 1 / s; for (int c = 0; c < C; c++) o[c] *= iz;
      sink += s;
    }
    double dt = now() - t0; if (dt < best) best = dt;
  }
  printf("C loop (gcc -O3 -march=native -ffast-math, expf vectorised): %.3f ns per element (B=%d T=%d C=%d, best of 15)\n", best * 1e6 / N, B, T, C);
  return 0;
}
