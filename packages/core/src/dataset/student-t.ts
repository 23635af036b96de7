/**
 * The upper tail of Student's t distribution and its quantiles, for limits drawn from a short
 * baseline. A limit of "3 sigma" assumes sigma is known; estimated from 8 to 20 quarters it is
 * not, and a steady series crosses such limits several times more often than the 1 in 740 the
 * 3-sigma line promises. The t distribution with the baseline's degrees of freedom says how far
 * out a limit must be for the promise to hold.
 */

/** log Γ(x) for x > 0 (Lanczos, as in Numerical Recipes). */
function logGamma(x: number): number {
  const c = [76.1800917294715, -86.5053203294168, 24.0140982408309, -1.23173957245016, 0.120865097386618e-2];
  let y = x;
  let t = x + 5.5;
  t -= (x + 0.5) * Math.log(t);
  let s = 1.00000000019002 - 0.5395239384953e-5 / (x + 6);
  for (const ci of c) s += ci / ++y;
  return -t + Math.log((2.506628274631 * s) / x);
}

/** The continued fraction of the regularised incomplete beta function. */
function betaFraction(a: number, b: number, x: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 / (1 - (qab * x) / qap);
  let h = d;
  for (let m = 1; m < 300; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 / (1 + aa * d);
    c = 1 + aa / c;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 / (1 + aa * d);
    c = 1 + aa / c;
    h *= d * c;
    if (Math.abs(d * c - 1) < 1e-13) break;
  }
  return h;
}

/** The regularised incomplete beta function I_x(a, b). */
function incompleteBeta(a: number, b: number, x: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  return x < (a + 1) / (a + b + 2) ? (front * betaFraction(a, b, x)) / a : 1 - (front * betaFraction(b, a, 1 - x)) / b;
}

/** P(T > t) for t ≥ 0, T Student's t with `df` degrees of freedom. */
export function upperTail(t: number, df: number): number {
  return 0.5 * incompleteBeta(df / 2, 0.5, df / (df + t * t));
}

/** Quantiles found so far: by p, then by whole degrees of freedom (the hot path asks for the same few). */
const cache = new Map<number, number[]>();

/** The t with P(T > t) = p (0 < p < 0.5), found by bisection; cached, as the same few are asked for again and again. */
export function quantile(p: number, df: number): number {
  let byDf = cache.get(p);
  if (!byDf) cache.set(p, (byDf = []));
  const whole = Number.isInteger(df) && df < 1000;
  const known = whole ? byDf[df] : undefined;
  if (known !== undefined) return known;
  let lo = 0;
  let hi = 1000;
  for (let i = 0; i < 80; i++) {
    const mid = (lo + hi) / 2;
    if (upperTail(mid, df) > p) lo = mid;
    else hi = mid;
  }
  const t = (lo + hi) / 2;
  if (whole) byDf[df] = t;
  return t;
}
