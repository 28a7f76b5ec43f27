#include "methods/theory/baselines.hpp"

#include <cassert>
#include <cmath>

namespace marina::theory {

double dcgd_step(double L, double L_max, double omega, int n) {
  assert(L > 0 && L_max > 0 && omega >= 0 && n >= 1);
  return 1.0 / (L + 2.0 * L_max * omega / n);  // [flpt], paper-notes §2.6
}

double vr_diana_epoch(double m, double b) {
  assert(m > 0 && b > 0);
  return m / b;  // m_vr: minibatches per epoch ([code] experiment_vr_all.py, paper-notes §5.1)
}

double vr_diana_p(double m_vr) {
  assert(m_vr >= 1);
  return 1.0 / m_vr;  // L-SVRG refresh probability, paper-notes §3.5
}

double vr_diana_alpha(double omega) { return 1.0 / (1.0 + omega); }

double vr_diana_step(double L, double omega, int n, double m_vr) {
  assert(L > 0 && omega >= 0 && n >= 1 && m_vr >= 1);
  // Horvath et al. 2019, Theorem 4 (paper-notes §3.5).
  return 1.0 / (10.0 * L * std::sqrt(1.0 + omega / n) * (std::cbrt(m_vr * m_vr) + omega + 1.0));
}

double ef21_theta(double alpha) {
  assert(alpha > 0 && alpha <= 1);
  return 1.0 - std::sqrt(1.0 - alpha);
}

double ef21_beta(double alpha) {
  assert(alpha > 0 && alpha <= 1);
  return (1.0 - alpha) / (1.0 - std::sqrt(1.0 - alpha));
}

double ef21_step(double L_mean, double L_tilde, double alpha) {
  assert(L_mean > 0 && L_tilde > 0 && alpha > 0 && alpha <= 1);
  // sqrt(beta/theta) = sqrt(1-alpha) / (1 - sqrt(1-alpha)) (paper-notes §3.5): the same
  // value, written without 0/0 at alpha = 1, where EF21 is GD and gamma = 1/L_mean.
  const double s = std::sqrt(1.0 - alpha);
  return 1.0 / (L_mean + L_tilde * s / (1.0 - s));  // EF21 Theorem 1
}

double dasha_momentum(double omega) {
  assert(omega >= 0);
  return 1.0 / (2.0 * omega + 1.0);  // [dasha] code, paper-notes §2.10
}

double dasha_step(double L_mean, double L_tilde, double omega, int n) {
  assert(L_mean > 0 && L_tilde > 0 && omega >= 0 && n >= 1);
  return 1.0 / (L_mean + L_tilde * std::sqrt(omega * (4.0 * omega + 1.0) / n));  // [dasha] code
}

double dasha_page_p(double m, double b) {
  assert(m > 0 && b > 0);
  return b / (m + b);  // PAGE's choice, as VR-MARINA's b'/(m + b') (paper-notes §3.2)
}

// [derived] Lyapunov sketch (paper-notes §3 form), Phi = f - f_inf + kappa ||g - h||^2 +
// nu mean||g_i - h_i||^2 + rho ||e||^2 + sigma mean||e_i||^2, with e_i = h_i - grad f_i(x),
// e = mean e_i, a = 1/(2 omega + 1), and ||g - grad f||^2 <= 2||g - h||^2 + 2||e||^2:
//  * compression: E||g_i^+ - h_i^+||^2 <= (1-a)||g_i - h_i||^2 + 2 omega E||dh_i||^2 (the
//    choice of a makes (1-a)^2 + 2 omega a^2 = 1-a), and the mean gets 2 omega/n^2 sum E||dh_i||^2;
//  * PAGE increments: E||dh_i||^2 <= (1+p) L_i^2 ||dx||^2 + (1-p) L_max^2/b' ||dx||^2 + 2p||e_i||^2
//    (minibatch differences without replacement, per-sample smoothness <= L_max for the
//    paper's loss, §5.1);
//  * PAGE errors: E||e^+||^2 <= (1-p)(||e||^2 + L_max^2/(n b') ||dx||^2), likewise e_i with n = 1.
// kappa = gamma/a, nu = 2 omega gamma/n, rho = gamma/p, sigma = 4 gamma omega (4 omega + 1)/n
// leave 1/gamma >= L + gamma X with
//   X = 8 omega(4 omega + 1)/n ((1+p)/2 L_tilde^2 + 3(1-p)/2 L_max^2/b') + 2(1-p) L_max^2/(p n b'),
// the same two terms as the published DASHA-PAGE theorem (48 omega(2 omega + 1)/n (L^2 +
// (1-p) L_max^2/B) + 2(1-p) L_max^2/(p n B), from memory). The step below keeps these terms
// and scales their constants the way [dasha]'s code scales DASHA's theorem, so that both
// limits are exact: p = 1 gives dasha_step, omega = 0 gives PAGE's step
// 1/(L + L_max sqrt((1-p)/(p n b'))) for n b' samples per round. (It is therefore up to a
// factor sqrt(12) larger than the sketch proves, as dasha_step is for DASHA.)
double dasha_page_step(double L_mean, double L_tilde, double L_max, double omega, int n, double p, double b) {
  assert(L_mean > 0 && L_tilde > 0 && L_max > 0 && omega >= 0 && n >= 1 && p > 0 && p <= 1 && b >= 1);
  const double minibatch = (1.0 - p) * L_max * L_max / b;
  const double compression = omega * (4.0 * omega + 1.0) / n * (L_tilde * L_tilde + minibatch);
  const double page = minibatch / (p * n);
  return 1.0 / (L_mean + std::sqrt(compression + page));
}

}  // namespace marina::theory
