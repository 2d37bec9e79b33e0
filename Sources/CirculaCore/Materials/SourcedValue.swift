/// A figure from the reference data with where it came from.
///
/// `assumed` marks a placeholder that a plant should calibrate; show it to users, never hide it.
public struct SourcedValue: Hashable, Sendable, Codable {
    public var value: Double
    public var unit: String?
    public var source: String?
    public var assumed: Bool
    public var range: [Double]?
    public var note: String?

    public init(value: Double, unit: String? = nil, source: String? = nil, assumed: Bool = false, range: [Double]? = nil, note: String? = nil) {
        self.value = value
        self.unit = unit
        self.source = source
        self.assumed = assumed
        self.range = range
        self.note = note
    }

    /// Reads `{value: 28.0, unit: wt%, source: key, assumed: true, range: [22, 35]}`.
    public init(_ cursor: YAMLCursor) throws(LocatedError) {
        value = try cursor.double("value")
        unit = try cursor.optionalString("unit")
        source = try cursor.optionalString("source")
        assumed = try cursor.flag("assumed")
        note = try cursor.optionalString("note")
        if let rangeCursor = cursor.optional("range") {
            var values: [Double] = []
            for item in try rangeCursor.items() { values.append(try item.double()) }
            range = values
        }
    }
}
