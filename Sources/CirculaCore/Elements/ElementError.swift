/// A name, symbol or number that is not an element.
public enum ElementError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The query matched nothing; `suggestions` are the nearest symbols.
    case unknown(String, suggestions: [String])

    public var description: String {
        switch self {
        case .unknown(let query, let suggestions):
            let hint = suggestions.isEmpty ? "" : " Did you mean " + suggestions.map { "\($0)?" }.joined(separator: " ")
            return "unknown element \"\(query)\"; expected a symbol (Cu), a name (copper) or an atomic number 1–118.\(hint)"
        }
    }
}
