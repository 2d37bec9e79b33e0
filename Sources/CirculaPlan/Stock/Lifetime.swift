import CirculaCore
import Foundation

/// A product lifetime distribution, as in flodym's lifetime models (same parameterisation).
///
/// `survival(a)` is the probability that an item is still in use at age `a` (years):
/// - `.normal(mean, std)`: 1 − Φ((a − mean)/std), not truncated at 0 (flodym `NormalLifetime`);
/// - `.logNormal(mean, std)`: mean and std of the lifetime itself, not of its log (flodym `LogNormalLifetime`);
/// - `.weibull(scale, shape)`: exp(−(a/scale)^shape) (flodym `WeibullLifetime`);
/// - `.fixed(mean)`: 1 while a < mean, then 0 (flodym `FixedLifetime`).
///
/// ```swift
/// Lifetime.weibull(scale: 30, shape: 2).survival(30)   // e^-1
/// ```
public enum Lifetime: Sendable, Codable, Equatable {
    case normal(mean: Double, std: Double)
    case logNormal(mean: Double, std: Double)
    case weibull(scale: Double, shape: Double)
    case fixed(mean: Double)

    public func survival(_ age: Double) -> Double {
        switch self {
        case .normal(let mean, let std):
            return 0.5 * erfc((age - mean) / (std * 2.0.squareRoot()))
        case .logNormal(let mean, let std):
            guard age > 0 else { return 1 }
            let m2 = mean * mean, s2 = std * std
            let mu = log(m2 / (m2 + s2).squareRoot())
            let sigma = log(1 + s2 / m2).squareRoot()
            return 0.5 * erfc((log(age) - mu) / (sigma * 2.0.squareRoot()))
        case .weibull(let scale, let shape):
            guard age > 0 else { return 1 }
            return exp(-pow(age / scale, shape))
        case .fixed(let mean):
            return age < mean ? 1 : 0
        }
    }

    /// The same distribution with every age stretched by `factor` (mean and std, or the Weibull scale).
    public func scaled(_ factor: Double) -> Lifetime {
        switch self {
        case .normal(let m, let s): .normal(mean: m * factor, std: s * factor)
        case .logNormal(let m, let s): .logNormal(mean: m * factor, std: s * factor)
        case .weibull(let scale, let shape): .weibull(scale: scale * factor, shape: shape)
        case .fixed(let m): .fixed(mean: m * factor)
        }
    }

    /// The name flodym and the YAML use.
    public var distribution: String {
        switch self {
        case .normal: "normal"
        case .logNormal: "lognormal"
        case .weibull: "weibull"
        case .fixed: "fixed"
        }
    }

    /// Parameters by flodym's names (`mean`, `std`, `weibull_scale`, `weibull_shape`).
    public var parameters: [String: Double] {
        switch self {
        case .normal(let m, let s), .logNormal(let m, let s): ["mean": m, "std": s]
        case .weibull(let scale, let shape): ["weibull_scale": scale, "weibull_shape": shape]
        case .fixed(let m): ["mean": m]
        }
    }

    public init(distribution: String, parameters p: [String: Double]) throws(PlanError) {
        func need(_ key: String) throws(PlanError) -> Double {
            guard let v = p[key], v.isFinite else { throw .stock("lifetime \(distribution) needs \(key)") }
            // A lifetime's location and scale must be positive: 0 or less removes every cohort at once or is undefined.
            guard v > 0 else { throw .stock("lifetime \(distribution): expected \(key) > 0, found \(formatPlain(v))") }
            return v
        }
        switch distribution {
        case "normal": self = .normal(mean: try need("mean"), std: try need("std"))
        case "lognormal", "log-normal", "log_normal": self = .logNormal(mean: try need("mean"), std: try need("std"))
        case "weibull": self = .weibull(scale: try need("weibull_scale"), shape: try need("weibull_shape"))
        case "fixed": self = .fixed(mean: try need("mean"))
        default: throw .stock("unknown lifetime distribution \"\(distribution)\"; expected normal, lognormal, weibull or fixed")
        }
    }
}
