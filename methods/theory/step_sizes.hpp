// Theoretical parameters of each method, with the paper's formula beside each one
// (paper-notes §3). L is MARINA's quadratic-mean smoothness sqrt((1/n) sum L_i^2).
#pragma once

namespace marina::theory {

// GD: gamma = 1/L.
double gd_step(double L);

// MARINA, Corollary 2.1 with p = 1/(1+omega) (= K/d for RandK, paper-notes §3.1).
double marina_p(double omega);
// MARINA, Theorem 2.1: gamma = 1 / (L (1 + sqrt((1-p) omega / (p n)))).
double marina_step(double L, double p, double omega, int n);

// DIANA (paper-notes §3.5): alpha = 1/(1+omega);
// gamma = 1 / (10 L sqrt(1 + omega/n) (omega + 2))  (Horvath et al. 2019, Thm 4, m = 1).
double diana_alpha(double omega);
double diana_step(double L, double omega, int n);

}  // namespace marina::theory
