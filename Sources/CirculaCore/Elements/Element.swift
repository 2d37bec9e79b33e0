/// A chemical element with its physical data and the published lists it belongs to.
///
/// ```swift
/// let te = try PeriodicTable.standard.element("te")
/// te.atomicWeight   // 127.6
/// te.classes.contains(.recovered)   // true
/// ```
public struct Element: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// Atomic number.
    public var z: Int
    public var symbol: String
    public var name: String
    /// IUPAC abridged standard atomic weight, or the mass number of the longest-lived isotope
    /// when `weightIsMassNumber` is true.
    public var atomicWeight: Double
    public var weightIsMassNumber: Bool
    /// IUPAC group 1–18; nil for La–Yb and Ac–No (f-block without a group).
    public var group: Int?
    public var period: Int
    public var block: String
    public var category: String
    public var classes: Set<ElementClass>

    public init(z: Int, symbol: String, name: String, atomicWeight: Double, weightIsMassNumber: Bool = false,
                group: Int?, period: Int, block: String, category: String, classes: Set<ElementClass> = []) {
        self.z = z
        self.symbol = symbol
        self.name = name
        self.atomicWeight = atomicWeight
        self.weightIsMassNumber = weightIsMassNumber
        self.group = group
        self.period = period
        self.block = block
        self.category = category
        self.classes = classes
    }

    public var description: String { symbol }

    public static func < (a: Element, b: Element) -> Bool { a.z < b.z }

    // Identity is the atomic number: two values with the same Z are the same element.
    public static func == (a: Element, b: Element) -> Bool { a.z == b.z }
    public func hash(into hasher: inout Hasher) { hasher.combine(z) }
}
