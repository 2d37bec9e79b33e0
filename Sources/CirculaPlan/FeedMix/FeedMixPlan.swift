/// The answer of the planner: tonnages, margin and its breakdown, predicted products, recycling
/// ratio, binding constraints with shadow prices, reduced costs and ranges; or, when no plan
/// exists, the constraints that conflict.
public struct FeedMixPlan: Sendable, Codable {
    public struct FeedLine: Sendable, Codable {
        public var id: String
        public var name: String
        public var basis: FeedBasis
        public var recycled: Bool
        public var entry: String
        public var tonnes: Double
        public var minTonnes: Double
        public var maxTonnes: Double
        /// Contribution to the margin per t before blend penalties [USD/t].
        public var netUSDPerTonne: Double
        public var cathodeCuTonnes: Double
        /// Reduced cost [USD/t]: how much the margin changes per t forced in (LP only).
        public var reducedCost: Double?
        /// Range of the objective coefficient (net USD/t) over which the plan stays optimal.
        public var rangeLower: Double?
        public var rangeUpper: Double?
    }

    public struct ConstraintLine: Sendable, Codable {
        public var name: String
        public var activity: Double
        public var lower: Double?
        public var upper: Double?
        /// Margin change per unit of the bound [USD per unit] (LP only).
        public var shadowPrice: Double
    }

    public struct Breakdown: Sendable, Codable {
        /// Value of metals in products, by metal [USD].
        public var metalValue: [String: Double]
        /// Paid to suppliers for payable metal, by metal [USD] (what the smelter keeps of a metal is value − paid).
        public var metalPaid: [String: Double]
        /// Sulfuric-acid credit [USD].
        public var acidCredit: Double
        public var paidForPayableMetal: Double
        /// TC/RC, treatment charges and feed penalties received [USD].
        public var chargesReceived: Double
        /// Of `chargesReceived`: contract penalties of recycled feeds [USD].
        public var feedPenalties: Double
        /// Blend impurity penalties (cost) [USD].
        public var penalties: Double
        /// Variable processing cost [USD].
        public var processing: Double
        /// Fixed costs: labour, maintenance, depreciation (× the chosen capacity option's share, plus its one-off) [USD].
        public var fixedCosts: Double
        public var margin: Double
        /// Margin before fixed costs (the contribution) [USD].
        public var contribution: Double { margin + fixedCosts }
    }

    public struct ProductLine: Sendable, Codable {
        public var stream: String
        public var element: String
        public var kilograms: Double
    }

    public struct ParameterLine: Sendable, Codable {
        public var name: String
        public var value: Double
        public var unit: String?
        public var source: String?
        public var assumed: Bool
    }

    public var scenario: String
    public var year: Double
    public var period: String
    public var status: LPStatus
    public var integer: Bool
    public var feeds: [FeedLine]
    public var breakdown: Breakdown?
    public var cathodeCopperTonnes: Double
    public var recycledCopperTonnes: Double
    /// Recycled copper in cathode / all copper in cathode.
    public var recyclingRatio: Double
    public var products: [ProductLine]
    public var binding: [ConstraintLine]
    public var penaltyTiers: [FeedMixModel.PenaltyTier]
    public var tierTonnes: [Double]
    /// When infeasible: an irreducible set of constraints that cannot hold together.
    public var conflicting: [String]
    public var parameters: [ParameterLine]
    /// The capacity option the MIP chose (nil when capacity is not a decision).
    public var capacityChoice: CapacityOption?
    public var capacityOptions: [String]
    /// The stream that counts as cathode (the ratio's denominator).
    public var cathodeStream: String = ""
    /// What the plan did that a reader must know (e.g. it reaches the minimum ratio by cutting output).
    public var notes: [String] = []

    public var margin: Double { breakdown?.margin ?? 0 }
    public func tonnes(_ feed: String) -> Double { feeds.first { $0.id == feed }?.tonnes ?? 0 }
    public var recycledFeedTonnes: Double { feeds.filter(\.recycled).reduce(0) { $0 + $1.tonnes } }
    public var concentrateTonnes: Double { feeds.filter { $0.basis == .concentrate }.reduce(0) { $0 + $1.tonnes } }
}
