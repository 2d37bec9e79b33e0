@testable import CirculaLedger
import Foundation
import Testing

/// `isBlank` replaces `trimmingCharacters(in: .whitespaces).isEmpty` on the hot path of every append and of
/// `verify`: it must agree with it on every Basic Multilingual Plane scalar alone, and with letters around it.
@Suite("Blank text: isBlank agrees with Foundation's whitespace trimming")
struct BlankTextTests {
    @Test func agreesWithFoundation() {
        var texts = ["", " ", "\t", " \t ", "\n", " \r\n", "a", " a ", "\u{3000}\u{A0}\t", "\u{200B}", "\u{FEFF}", "\u{1680}"]
        for value in UInt32(0)...0xFFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let c = String(Character(scalar))
            texts += [c, c + c + " ", " a" + c]
        }
        var differing: [String] = []
        for text in texts where text.isBlank != text.trimmingCharacters(in: .whitespaces).isEmpty {
            differing.append(text.unicodeScalars.map { "U+" + String($0.value, radix: 16, uppercase: true) }.joined(separator: " "))
        }
        #expect(differing.isEmpty, "\(differing.prefix(20))")
        #expect(" \t\u{3000}".isBlank)
        #expect(!" L-1".isBlank)
    }
}
