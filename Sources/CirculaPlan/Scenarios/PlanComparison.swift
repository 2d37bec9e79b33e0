import CirculaCore

/// What changes from one plan to another, in words a management team can act on.
///
/// ```swift
/// PlanComparison.answer(base: defaultPlan, other: cutPlan)
/// // "cut-fy2025 against default: concentrate cut by 140,000 t (1,250,000 → 1,110,000 t); …"
/// ```
public enum PlanComparison {
    public static func answer(base: FeedMixPlan, other: FeedMixPlan) -> String {
        guard base.status == .optimal, other.status == .optimal else {
            return "\(other.scenario) against \(base.scenario): no comparison, one of the plans is \(other.status == .optimal ? base.status.rawValue : other.status.rawValue)."
        }
        func t(_ v: Double) -> String { formatNumber(v, decimals: 0) }
        func change(_ name: String, _ a: Double, _ b: Double, down: String, up: String) -> String {
            let d = b - a
            if abs(d) < 1 { return "\(name) unchanged (\(t(a)) t)" }
            return "\(name) \(d < 0 ? down : up) by \(t(abs(d))) t (\(t(a)) → \(t(b)) t)"
        }
        var parts = [
            change("concentrate", base.concentrateTonnes, other.concentrateTonnes, down: "cut", up: "raised"),
            change("recycled feed", base.recycledFeedTonnes, other.recycledFeedTonnes, down: "cut", up: "raised"),
            change("cathode copper", base.cathodeCopperTonnes, other.cathodeCopperTonnes, down: "down", up: "up"),
            "recycling ratio \(formatNumber(base.recyclingRatio * 100, decimals: 1)) % → \(formatNumber(other.recyclingRatio * 100, decimals: 1)) %",
            "margin after fixed costs \(formatNumber(base.margin / 1e6, decimals: 1)) → \(formatNumber(other.margin / 1e6, decimals: 1)) M USD "
                + "(\(other.margin >= base.margin ? "+" : "−")\(formatNumber(abs(other.margin - base.margin) / 1e6, decimals: 1)))",
        ]
        let feeds = Set(base.feeds.map(\.id)).union(other.feeds.map(\.id)).sorted()
        let moved = feeds.compactMap { id -> String? in
            let d = other.tonnes(id) - base.tonnes(id)
            return abs(d) >= 1 ? "\(id) \(d < 0 ? "−" : "+")\(t(abs(d))) t" : nil
        }
        if !moved.isEmpty { parts.append("by feed: " + moved.joined(separator: ", ")) }
        if let choice = other.capacityChoice, choice.name != base.capacityChoice?.name { parts.append("capacity decision: \(choice.name)") }
        return "\(other.scenario) against \(base.scenario): " + parts.joined(separator: "; ") + "."
    }
}
