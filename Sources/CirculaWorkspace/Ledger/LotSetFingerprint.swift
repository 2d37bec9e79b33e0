import CirculaCore
import CirculaLedger

/// A digest of a set of lots and the exact recycled mass of one element each: what was balanced, or what was
/// received. Two equal fingerprints mean the same lots with the same masses, to the gram (mg for precious metals).
///
///     fingerprint = SHA-256 of the lines "lot_id <TAB> mass", sorted by lot id, each ending in a newline
///
/// ```swift
/// let balanced = LotSetFingerprint(element: "Cu", masses: ["L1": 9_000_000, "L2": 4_000_000])
/// print(balanced.short)   // sha256:3f0a1c…
/// ```
public struct LotSetFingerprint: Sendable, Hashable, CustomStringConvertible {
    public let element: Element
    /// lot id → exact mass in the element's ledger unit.
    public let masses: [String: Int64]
    /// The hex SHA-256 digest.
    public let digest: String

    public init(element: Element, masses: [String: Int64]) {
        self.element = element
        self.masses = masses
        digest = HashChain.sha256Hex(masses.keys.sorted().map { "\($0)\t\(masses[$0]!)\n" }.joined())
    }

    /// The first 12 hex digits, for messages.
    public var short: String { "sha256:\(digest.prefix(12))" }

    public var description: String { "\(masses.count) lots, \(short)" }
}
