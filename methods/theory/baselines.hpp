// Theoretical parameters of the methods MARINA is compared with (paper-notes §2.6-2.10,
// §3.5). Smoothness names: L_mean = (1/n) sum L_i (bounds f's constant), L_tilde =
// sqrt((1/n) sum L_i^2) (MARINA's L), L_max = max_i L_i (bounds every per-sample f_ij
// for the paper's loss, whose L_i is already a max over samples, §5.1).
#pragma once

namespace marina::theory {

// DCGD, the convex-case step [flpt] uses (paper-notes §2.6):
//   gamma = 1 / (L + 2 L_max omega / n).
// It is a convex-case bound; with heterogeneous data DCGD only reaches a neighbourhood.
double dcgd_step(double L, double L_max, double omega, int n);

// VR-DIANA (Horvath et al. 2019, Thm 4; paper-notes §3.5), with m_vr = m / b' the
// number of minibatches per epoch: p_ref = 1/m_vr, alpha = 1/(1+omega),
//   gamma = 1 / (10 L sqrt(1 + omega/n) (m_vr^{2/3} + omega + 1)).
double vr_diana_epoch(double m, double b);
double vr_diana_p(double m_vr);
double vr_diana_alpha(double omega);
double vr_diana_step(double L, double omega, int n, double m_vr);

// EF21 (Theorem 1 of EF21; paper-notes §3.5) for a contractive C with parameter alpha:
//   theta = 1 - sqrt(1 - alpha),  beta = (1 - alpha) / (1 - sqrt(1 - alpha)),
//   gamma = 1 / (L_mean + L_tilde sqrt(beta/theta)).
double ef21_theta(double alpha);
double ef21_beta(double alpha);
double ef21_step(double L_mean, double L_tilde, double alpha);

// DASHA ([dasha] code form, paper-notes §2.10): a = 1/(2 omega + 1),
//   gamma = 1 / (L_mean + L_tilde sqrt(omega (4 omega + 1) / n)).
double dasha_momentum(double omega);
double dasha_step(double L_mean, double L_tilde, double omega, int n);

// DASHA-PAGE: p = b'/(m + b') (the PAGE choice, so p m <= b' oracle calls per round on
// average), and the [derived] step
//   gamma = 1 / (L_mean + sqrt( omega (4 omega + 1)/n * (L_tilde^2 + (1-p) L_max^2 / b')
//                               + (1-p) L_max^2 / (p n b') )).
// See baselines.cpp for the sketch and the two limits it reproduces.
double dasha_page_p(double m, double b);
double dasha_page_step(double L_mean, double L_tilde, double L_max, double omega, int n, double p, double b);

}  // namespace marina::theory
