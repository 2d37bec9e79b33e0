import CirculaCore

/// A driver over time: a constant (`{value: 0.6}`), points linear between them and flat outside
/// (`{points: {2024: 0.6, 2040: 0.7}}`, years strictly ascending), or year ranges with one value each
/// (`{segments: [{from: 2024, to: 2026, value: 406500}, {from: 2027, to: 2040, value: 380000}]}`,
/// contiguous: no gaps, no overlaps; flat outside).
///
/// ```swift
/// let s = TimeSeries(points: [(2024, 1), (2027, 1.5)])
/// s.value(2025)   // 1.1667
/// ```
public struct TimeSeries: Sendable, Codable, Equatable {
    public struct Point: Sendable, Codable, Equatable {
        public var year: Int
        public var value: Double
    }

    public var points: [Point]
    /// Segments: each point holds from its year until the next point's year (exclusive).
    public var stepwise: Bool
    public var source: String?
    public var assumed: Bool

    public init(points: [(Int, Double)], stepwise: Bool = false, source: String? = nil, assumed: Bool = false) {
        self.points = points.map { Point(year: $0.0, value: $0.1) }
        self.stepwise = stepwise
        self.source = source
        self.assumed = assumed
    }

    public static func constant(_ value: Double, source: String? = nil, assumed: Bool = false) -> TimeSeries {
        TimeSeries(points: [(0, value)], source: source, assumed: assumed)
    }

    public func value(_ year: Int) -> Double {
        guard let first = points.first, let last = points.last else { return 0 }
        if year <= first.year { return first.value }
        if year >= last.year { return last.value }
        for (a, b) in zip(points, points.dropFirst()) where year >= a.year && year < b.year {
            if stepwise { return a.value }
            return a.value + (b.value - a.value) * Double(year - a.year) / Double(b.year - a.year)
        }
        return last.value
    }

    /// Reads any of the three forms; `key` names the field in messages.
    public init(_ cursor: YAMLCursor, nonNegative: Bool = true) throws(LocatedError) {
        source = try cursor.optionalString("source")
        assumed = try cursor.flag("assumed")
        var out: [(Int, Double)] = []
        if let list = cursor.optional("points") {
            for (key, value) in try list.entries() {
                guard let year = Int(key) else { throw value.error("expected a year as key, found \"\(key)\"") }
                out.append((year, try value.double()))
            }
            guard !out.isEmpty else { throw list.error("expected at least one point {year: value}") }
            for (a, b) in zip(out, out.dropFirst()) where b.0 <= a.0 {
                throw list.error("expected years in strictly ascending order; \(b.0) follows \(a.0) (overlapping or unordered years)")
            }
            stepwise = false
        } else if let list = cursor.optional("segments") {
            var previousTo: Int?
            for item in try list.items() {
                let from = Int(try item.double("from")), to = Int(try item.double("to"))
                guard to >= from else { throw item.error("expected from ≤ to, found from \(from) to \(to)") }
                if let previousTo {
                    if from <= previousTo { throw item.error("segment \(from)–\(to) overlaps the previous one, which ends in \(previousTo); expected it to start in \(previousTo + 1)") }
                    if from > previousTo + 1 { throw item.error("gap: no value for \(previousTo + 1)–\(from - 1); expected the segment to start in \(previousTo + 1)") }
                }
                out.append((from, try item.double("value")))
                previousTo = to
            }
            guard let previousTo else { throw list.error("expected at least one segment {from, to, value}") }
            out.append((previousTo + 1, out.last!.1))
            stepwise = true
        } else if cursor.optional("value") != nil {
            out = [(0, try cursor.double("value"))]
            stepwise = false
        } else {
            throw cursor.error("expected {value: x}, {points: {year: x, ...}} or {segments: [{from, to, value}, ...]}")
        }
        if nonNegative, let bad = out.first(where: { $0.1 < 0 || !$0.1.isFinite }) {
            throw cursor.error("expected non-negative values, found \(formatPlain(bad.1)) at \(bad.0)")
        }
        points = out.map { Point(year: $0.0, value: $0.1) }
    }
}
