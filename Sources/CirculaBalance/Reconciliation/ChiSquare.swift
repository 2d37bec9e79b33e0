import Foundation

/// The χ² distribution's upper tail, for the global test of reconciliation.
public enum ChiSquare {
    /// P(X ≥ x) for X ~ χ²(degreesOfFreedom) = Q(k/2, x/2), the regularised upper incomplete gamma function.
    ///
    /// ```swift
    /// ChiSquare.pValue(3.841458820694124, degreesOfFreedom: 1)   // 0.05
    /// ```
    public static func pValue(_ x: Double, degreesOfFreedom k: Int) -> Double {
        guard k > 0 else { return 1 }
        return regularizedUpperGamma(Double(k) / 2, x / 2)
    }

    /// Q(a, x) = Γ(a, x) / Γ(a): series for x < a + 1, Lentz continued fraction otherwise
    /// (Numerical Recipes, 3rd ed., §6.2), both to full double precision.
    public static func regularizedUpperGamma(_ a: Double, _ x: Double) -> Double {
        precondition(a > 0)
        if x <= 0 { return 1 }
        let logPrefix = a * log(x) - x - lgamma(a)
        if x < a + 1 {
            var term = 1 / a, sum = term, n = a
            for _ in 0..<10_000 {
                n += 1
                term *= x / n
                sum += term
                if abs(term) < abs(sum) * 1e-17 { break }
            }
            return max(0, 1 - sum * exp(logPrefix))
        }
        let tiny = 1e-300
        var b = x + 1 - a, c = 1 / tiny, d = 1 / b, h = d
        for i in 1...10_000 {
            let an = -Double(i) * (Double(i) - a)
            b += 2
            d = an * d + b
            if abs(d) < tiny { d = tiny }
            c = b + an / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-17 { break }
        }
        return exp(logPrefix) * h
    }

    /// The 95% quantile, by bisection on `pValue` (for reports).
    public static func quantile95(degreesOfFreedom k: Int) -> Double {
        guard k > 0 else { return 0 }
        var lo = 0.0, hi = Double(k) * 10 + 50
        for _ in 0..<200 {
            let mid = (lo + hi) / 2
            if pValue(mid, degreesOfFreedom: k) > 0.05 { lo = mid } else { hi = mid }
        }
        return (lo + hi) / 2
    }
}
