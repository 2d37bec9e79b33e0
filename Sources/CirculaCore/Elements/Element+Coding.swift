/// An element is stored and exchanged as its symbol (`"Cu"`), the spelling the ledger's events and every file
/// format have always used, so typing a field as `Element` changes no byte of any JSON it is written to.
///
/// Decoding accepts exactly a symbol of `PeriodicTable.standard` (`"Cu"`, not `"cu"` or `"copper"`: a stored
/// value has one spelling, and re-encoding it must give the same text back).
/// ```swift
/// let masses = try JSONDecoder().decode([Element: Int64].self, from: Data(#"{"Cu":5}"#.utf8))   // [Cu: 5]
/// ```
extension Element: Codable, CodingKeyRepresentable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do { self = try PeriodicTable.standard.element(symbol: text) } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.description)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(symbol)
    }

    /// As a dictionary key (`[Element: Int64]` encodes as a JSON object keyed by symbol).
    public var codingKey: any CodingKey { SymbolKey(stringValue: symbol) }

    public init?<T: CodingKey>(codingKey: T) {
        guard let element = try? PeriodicTable.standard.element(symbol: codingKey.stringValue) else { return nil }
        self = element
    }

    private struct SymbolKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}

/// `"Cu"` where an element is expected, for symbols written in code (tests, fixtures, the bundled defaults).
/// Input from users or files goes through `PeriodicTable.element(symbol:)` or `element(_:)`, which throw; a
/// literal that is not a symbol is a programming error and stops at once with its spelling.
extension Element: ExpressibleByStringLiteral {
    public init(stringLiteral symbol: String) {
        guard let element = try? PeriodicTable.standard.element(symbol: symbol) else {
            preconditionFailure("\"\(symbol)\" written in code as an element is not an element symbol")
        }
        self = element
    }
}

extension PeriodicTable {
    /// The element whose symbol is exactly `text` (case and all): how stored values and strict inputs are read.
    /// - Throws: `ElementError.notASymbol` with the nearest symbols (`"cu"` suggests `Cu`).
    public func element(symbol text: String) throws(ElementError) -> Element {
        if let element = element(exactSymbol: text) { return element }
        throw .notASymbol(text, suggestions: suggestions(for: text.trimmingCharacters(in: .whitespaces).lowercased()))
    }
}
