/// A closed set of spellings (`pre-consumer`, `g`, `issue-credit`): an enum stored and exchanged as its raw values.
///
/// Conforming replaces the standard decoding error ("Cannot initialize … from invalid String value") with one that
/// names what was found and every spelling expected, and gives inputs (CLI options, CSV cells, HTTP fields) one
/// typed way to read the value.
/// ```swift
/// try MaterialCategory.parse("recycled", field: "category")
/// // VocabularyError: category "recycled": expected one of primary, pre-consumer, post-consumer
/// ```
public protocol Vocabulary: RawRepresentable<String>, CaseIterable, Codable, Sendable {}

extension Vocabulary {
    /// Every spelling, in declaration order.
    public static var spellings: [String] { allCases.map(\.rawValue) }

    /// The case spelled exactly `text`.
    /// - Throws: `VocabularyError` naming `field`, the text and the expected spellings.
    public static func parse(_ text: String, field: String) throws(VocabularyError) -> Self {
        guard let value = Self(rawValue: text) else { throw VocabularyError(field: field, found: text, expected: spellings) }
        return value
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = Self(rawValue: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: VocabularyError.reason(found: text, expected: Self.spellings))
        }
        self = value
    }
}

/// A spelling outside a closed set.
public struct VocabularyError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What was being read (`--category`, `column 5 (category)`, `category`).
    public var field: String
    public var found: String
    public var expected: [String]

    public init(field: String, found: String, expected: [String]) {
        self.field = field; self.found = found; self.expected = expected
    }

    public var description: String { "\(field) \(VocabularyError.reason(found: found, expected: expected))" }

    /// `"recycled"; expected one of primary, pre-consumer, post-consumer` (the text cut at 40 characters).
    static func reason(found: String, expected: [String]) -> String {
        let shown = (found.count > 40 ? String(found.prefix(40)) + "…" : found).controlEscaped
        return "\"\(shown)\": expected one of \(expected.joined(separator: ", "))"
    }
}
