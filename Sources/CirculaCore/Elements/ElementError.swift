/// A name, symbol or number that is not an element.
public enum ElementError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The query matched nothing; `suggestions` are the nearest symbols.
    case unknown(String, suggestions: [String])
    /// Where exactly a symbol is expected (a stored event, a ledger product): the text is not one, in any case.
    case notASymbol(String, suggestions: [String])

    /// " Did you mean Ti? Tc? Te?" or empty.
    public var hint: String {
        switch self {
        case .unknown(_, let suggestions), .notASymbol(_, let suggestions):
            suggestions.isEmpty ? "" : " Did you mean " + suggestions.map { "\($0)?" }.joined(separator: " ")
        }
    }

    public var description: String {
        switch self {
        case .unknown(let query, _):
            return "unknown element \"\(query.controlEscaped)\"; expected a symbol (Cu), a name (copper) or an atomic number 1–118.\(hint)"
        case .notASymbol(let text, _):
            return "\"\(text.controlEscaped)\" is not an element symbol; expected a symbol of the periodic table such as Cu or Au.\(hint)"
        }
    }
}
