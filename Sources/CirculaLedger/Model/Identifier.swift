import CirculaCore
import Foundation

/// The one rule for every identifier the ledger stores (lots, sites, products, accounts, deliveries, customers,
/// suppliers, certificates): Unicode NFC, no control, format or separator characters, at most `maximumLength`
/// characters. Ids are normalised when an event is drafted (`EventDraft`), so "L-café" typed in NFC or NFD is one
/// lot on SQLite and PostgreSQL alike (both compare bytes), and `apply` refuses anything else.
public enum Identifier {
    /// Longest id, in Unicode scalars (a generous bound for document numbers; keeps keys and messages small).
    public static let maximumLength = 128

    /// NFC form of `text`.
    public static func normalized(_ text: String) -> String {
        isASCII(text) ? text : text.precomposedStringWithCanonicalMapping // ASCII text is its own NFC form
    }

    /// Why `id` is not acceptable, or nil.
    public static func problem(_ id: String) -> String? {
        isASCII(id) ? asciiProblem(id) : generalProblem(id)
    }

    /// `problem` for any text (`asciiProblem` must agree with it on ASCII, `IdentifierTests` checks).
    static func generalProblem(_ id: String) -> String? {
        if id.isBlank { return "must not be empty" }
        if id.unicodeScalars.count > maximumLength { return "longer than \(maximumLength) characters" }
        for scalar in id.unicodeScalars {
            switch scalar.properties.generalCategory {
            case .control, .format, .lineSeparator, .paragraphSeparator, .surrogate, .privateUse, .unassigned:
                return "contains the character U+\(String(scalar.value, radix: 16, uppercase: true)) (control, format or unassigned characters are not allowed in ids)"
            default: break
            }
        }
        if id != id.trimmingCharacters(in: .whitespaces) { return "starts or ends with a space" }
        if Array(id.utf8) != Array(normalized(id).utf8) { return "is not in Unicode NFC form" }
        return nil
    }

    /// `problem` for an ASCII id, the same rules in the same order without Foundation (it was a visible part of
    /// every append and of `verify`): blank, too long, a control character, a space at either end; ASCII is NFC.
    static func asciiProblem(_ id: String) -> String? {
        let bytes = id.utf8
        func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 } // `CharacterSet.whitespaces` in ASCII
        if bytes.allSatisfy(isBlank) { return "must not be empty" }
        if bytes.count > maximumLength { return "longer than \(maximumLength) characters" }
        if let control = bytes.first(where: { $0 < 0x20 || $0 == 0x7F }) {
            return "contains the character U+\(String(control, radix: 16, uppercase: true)) (control, format or unassigned characters are not allowed in ids)"
        }
        if isBlank(bytes.first!) || isBlank(bytes.last!) { return "starts or ends with a space" }
        return nil
    }

    private static func isASCII(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { $0.allSatisfy { $0 < 0x80 } }
    }

    /// `id` for messages and terminals: control and format characters shown as `\u{…}`, so an id cannot move the
    /// cursor, recolour a terminal or hide text.
    public static func escaped(_ text: String) -> String { text.controlEscaped }
}
