/// A name, symbol or number that is not an element.
public enum ElementError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The query matched nothing; `suggestions` are the nearest symbols.
    case unknown(String, suggestions: [String])

    /// " Did you mean Ti? Tc? Te?" or empty.
    public var hint: String {
        switch self {
        case .unknown(_, let suggestions):
            suggestions.isEmpty ? "" : " Did you mean " + suggestions.map { "\($0)?" }.joined(separator: " ")
        }
    }

    public var description: String {
        switch self {
        case .unknown(let query, _):
            return "unknown element \"\(query)\"; expected a symbol (Cu), a name (copper) or an atomic number 1–118.\(hint)"
        }
    }
}
