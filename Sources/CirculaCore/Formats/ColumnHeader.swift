import Foundation

/// A CSV header cell of the form `name[unit]`, e.g. `Au[g/t]` or `wet_mass[t]`.
public struct ColumnHeader: Sendable, Equatable {
    public var raw: String
    public var name: String
    public var unit: String?

    public init(_ raw: String) {
        self.raw = raw
        if let open = raw.firstIndex(of: "["), raw.hasSuffix("]") {
            name = raw[..<open].trimmingCharacters(in: .whitespaces)
            unit = String(raw[raw.index(after: open)..<raw.index(before: raw.endIndex)]).trimmingCharacters(in: .whitespaces)
        } else {
            name = raw
            unit = nil
        }
    }
}
