/// The balance of one element over the flowsheet, split by source (lot).
///
/// Totals are the sums of the per-source solutions in source order, so an attribution adds up
/// to the total flow exactly (bit for bit), not just within rounding.
public struct ElementBalance: Sendable {
    public var element: String
    /// Indices into `BalanceResult.sources` of the sources carrying this element, in source order.
    public var contributors: [Int]
    /// contributor position → stream index → kg.
    public var streamFlowByContributor: [[Double]]
    /// contributor position → process index → kg retained in the process.
    public var stockByContributor: [[Double]]
    /// stream index → kg.
    public var streamFlows: [Double]
    /// process index → kg entering from outside (the lots).
    public var inputs: [Double]
    /// process index → kg entering in total (lots plus streams from other processes).
    public var processInputs: [Double]
    /// process index → kg retained (rows with `stock`, plus unmodelled rows when allowed).
    public var stockChanges: [Double]

    public var totalInput: Double { inputs.reduce(0, +) }
    public var totalStockChange: Double { stockChanges.reduce(0, +) }
}
