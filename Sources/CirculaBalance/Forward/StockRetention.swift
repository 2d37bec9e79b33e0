/// Per-contributor retained fractions for attribution through inventory **first-in-first-out**.
///
/// At a process that holds stock, what lay in its stock at the start of the period (a source released
/// from that process's opening stock) leaves first; the closing stock is made of what entered during the
/// period. The masses are those of the pro-rata balance (the same closing stock C per process and
/// element); only which lots make it up differs. For process p and element e, with u_new the input of
/// everything else and u_old the input of p's released opening stock:
///   f_new = min(1, C / u_new),  f_old = max(0, (C − f_new·u_new) / u_old),
/// so f_new·u_new + f_old·u_old = C. Both inputs depend on the fractions through recycles, hence
/// `InventoryBalance` iterates them to a fixed point.
public struct StockRetention: Sendable {
    public struct Fractions: Sendable, Equatable {
        /// Fraction of the period's new input retained.
        public var new: Double
        /// Fraction of the released opening stock retained (0 unless the closing stock exceeds the new input).
        public var old: Double
        public init(new: Double, old: Double) {
            self.new = new
            self.old = old
        }
    }

    /// Element → process index → retained fractions (replacing the model's stock fraction there).
    public var fractions: [String: [Int: Fractions]]
    /// Source index (into the balance's sources) → the process whose opening stock it is.
    public var releasedAt: [Int: Int]

    public init(fractions: [String: [Int: Fractions]], releasedAt: [Int: Int]) {
        self.fractions = fractions
        self.releasedAt = releasedAt
    }
}
