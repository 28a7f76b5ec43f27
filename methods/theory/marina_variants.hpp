// Theoretical p and step sizes of the MARINA variants (paper-notes §3.1-3.4): VR-MARINA
// (finite sum and online), PP-MARINA, and the PL-case steps of the whole family.
//
// Every non-convex step is gamma = 1/(L + sqrt((1-p) V / p)) for the method's variance
// constant V (paper-notes §3, proof sketch); the PL versions double the term under the root
// and cap gamma at p/(2 mu) so that the Lyapunov term contracts at least as fast as f.
//
// L is MARINA's quadratic-mean smoothness sqrt((1/n) sum L_i^2). script_L ("𝓛") is the
// smoothness of the individual f_ij as the VR variance bound uses it: for the paper's loss
// L_ij = 0.15405 ||a_j||^2 + lambda <= L_i (L_i takes the max over j), so 𝓛 <= L and the
// callers pass 𝓛 = L, a valid (conservative) choice that is also what the authors' code uses.
#pragma once

namespace marina::theory {

// MARINA, PL case (Theorem 2.2, paper-notes §3.1):
// gamma = min{ 1/(L (1 + sqrt(2 (1-p) omega / (p n)))), p/(2 mu) }.
double marina_pl_step(double L, double p, double omega, int n, double mu);

// VR-MARINA finite sum, Corollary 3.1 as in the authors' code (paper-notes §3.2):
// p = min{ 1/(1+omega), b'/(b'+m) }, m the local sample count (the smallest shard).
double vr_marina_p(double omega, double small_batch, double m);
// VR-MARINA online, Corollary 3.2 (paper-notes §3.3): p = min{ 1/(1+omega), b'/(b+b') }.
double vr_marina_online_p(double omega, double small_batch, double large_batch);
// VR-MARINA, Theorems 3.1 and 3.2 (paper-notes §3.2, §3.3; the same gamma for both forms):
// gamma = 1 / (L + sqrt( (1-p)/(p n) (omega L^2 + (1+omega) 𝓛^2 / b') )).
double vr_marina_step(double L, double script_L, double p, double omega, int n, double small_batch);
// VR-MARINA, PL case (paper-notes §3.2):
// gamma = min{ 1/(L + sqrt( 2 (1-p)/(p n) (omega L^2 + (1+omega) 𝓛^2 / b') )), p/(2 mu) }.
double vr_marina_pl_step(double L, double script_L, double p, double omega, int n, double small_batch, double mu);

// PP-MARINA, Corollary 4.1 as in [flpt] (paper-notes §3.4): p = (r/n)/(1+omega), which is
// zeta r/(d n) for RandK.
double pp_marina_p(double omega, int r, int n);
// PP-MARINA, Theorem 4.1 (paper-notes §3.4): gamma = 1/(L (1 + sqrt((1-p)(1+omega)/(p r)))).
double pp_marina_step(double L, double p, double omega, int r);
// PP-MARINA, PL case (paper-notes §3.4):
// gamma = min{ 1/(L (1 + sqrt(2 (1-p)(1+omega)/(p r)))), p/(2 mu) }.
double pp_marina_pl_step(double L, double p, double omega, int r, double mu);

}  // namespace marina::theory
