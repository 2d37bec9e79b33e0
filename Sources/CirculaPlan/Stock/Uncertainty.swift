import CirculaCore
import Foundation

/// The distributions of the outlook's drivers, for the Monte Carlo.
///
/// Each driver is a factor on one input of the outlook, 1 = the file's value:
/// `capture` (the growth of the capture multiplier above the anchor year), `cathode_output` (after the
/// anchor year), `collection.<sector>` (after the anchor year, capped so the rate stays ≤ 1),
/// `inflow.<sector>` (inflow or stock path after the anchor year), `lifetime.<sector>` (ages stretched).
///
/// ```yaml
/// uncertainty:
///   draws: 10000
///   seed: 2040
///   drivers:
///     - {driver: capture, distribution: triangular, low: 0.5, mode: 1.0, high: 1.3, source: compiler_assumption, assumed: true}
///     - {driver: lifetime.buildings, distribution: normal, mean: 1.0, sd: 0.15, assumed: true}
/// ```
public struct Uncertainty: Sendable {
    public enum Distribution: Sendable, Codable, Equatable {
        case uniform(low: Double, high: Double)
        case triangular(low: Double, mode: Double, high: Double)
        /// Truncated at 0.
        case normal(mean: Double, sd: Double)

        /// The value at the quantile `u` in (0, 1) (inverse CDF; normal via the Acklam approximation).
        public func quantile(_ u: Double) -> Double {
            switch self {
            case .uniform(let a, let b): return a + (b - a) * u
            case .triangular(let a, let c, let b):
                let f = (c - a) / (b - a)
                return u < f ? a + ((b - a) * (c - a) * u).squareRoot() : b - ((b - a) * (b - c) * (1 - u)).squareRoot()
            case .normal(let m, let s): return max(0, m + s * standardNormalQuantile(u))
            }
        }
    }

    public struct Driver: Sendable {
        public var id: String
        public var distribution: Distribution
        public var source: String?
        public var assumed: Bool
    }

    public var draws: Int
    public var seed: UInt64
    public var drivers: [Driver]

    public init(draws: Int, seed: UInt64, drivers: [Driver]) {
        self.draws = draws
        self.seed = seed
        self.drivers = drivers
    }

    init(_ section: YAMLCursor, sectors: [String]) throws(LocatedError) {
        let n = try section.optionalDouble("draws") ?? 10_000
        guard n >= 1, n <= 10_000_000, n == n.rounded() else { throw try section.required("draws").error("expected a whole number of draws between 1 and 10,000,000") }
        draws = Int(n)
        let s = try section.optionalDouble("seed") ?? 1
        guard s >= 0, s == s.rounded(), s < 9e15 else { throw try section.required("seed").error("expected a non-negative whole seed") }
        seed = UInt64(s)
        var drivers: [Driver] = []
        let known = ["capture", "cathode_output"] + sectors.flatMap { ["collection.\($0)", "inflow.\($0)", "lifetime.\($0)"] }
        for item in try section.required("drivers").items() {
            let id = try item.string("driver")
            guard known.contains(id) else {
                throw try item.required("driver").error("unknown driver \"\(id)\"; expected one of \(known.joined(separator: ", "))")
            }
            guard !drivers.contains(where: { $0.id == id }) else { throw item.error("driver \"\(id)\" appears twice; expected each driver once") }
            let kind = try item.string("distribution")
            let distribution: Distribution
            switch kind {
            case "uniform":
                let a = try item.double("low"), b = try item.double("high")
                guard a >= 0, b > a else { throw item.error("expected 0 ≤ low < high, found low \(formatPlain(a)) high \(formatPlain(b))") }
                distribution = .uniform(low: a, high: b)
            case "triangular":
                let a = try item.double("low"), c = try item.double("mode"), b = try item.double("high")
                guard a >= 0, a <= c, c <= b, b > a else { throw item.error("expected 0 ≤ low ≤ mode ≤ high and low < high") }
                distribution = .triangular(low: a, mode: c, high: b)
            case "normal":
                let m = try item.double("mean"), sd = try item.double("sd")
                guard sd > 0, m > 0 else { throw item.error("expected mean > 0 and sd > 0 (a factor on the driver), found mean \(formatPlain(m)) sd \(formatPlain(sd))") }
                distribution = .normal(mean: m, sd: sd)
            default:
                throw try item.required("distribution").error("expected uniform, triangular or normal, found \"\(kind)\"")
            }
            drivers.append(Driver(id: id, distribution: distribution, source: try item.optionalString("source"), assumed: try item.flag("assumed")))
        }
        self.drivers = drivers
    }
}

/// Φ⁻¹(p), Acklam's rational approximation (relative error < 1.2e-9), for p in (0, 1).
func standardNormalQuantile(_ p: Double) -> Double {
    let a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00]
    let b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01]
    let c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00]
    let d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00]
    let low = 0.02425
    if p < low {
        let q = (-2 * log(p)).squareRoot()
        return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
    }
    if p > 1 - low {
        let q = (-2 * log(1 - p)).squareRoot()
        return -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
    }
    let q = p - 0.5, r = q * q
    return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
}

/// SplitMix64: small, fast, seedable; one stream per draw so results do not depend on the thread count.
struct SplitMix64 {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// Uniform in (0, 1), never 0 or 1.
    mutating func uniform() -> Double { (Double(next() >> 11) + 0.5) / 9_007_199_254_740_992 }
}
