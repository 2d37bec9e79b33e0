@testable import CirculaLedger
import Testing

/// `Identifier.problem` takes an ASCII shortcut (no Foundation) on the hot path of every append and of `verify`;
/// it must say exactly what the general rule says, for every ASCII character alone, between letters and at
/// either end, and for blanks, lengths and the empty id.
@Suite("Identifier rule: the ASCII shortcut agrees with the general rule")
struct IdentifierFastPathTests {
    @Test func asciiShortcutAgrees() {
        var ids = ["", " ", "\t", " \t ", "L-1", " L-1", "L-1 ", "L 1", String(repeating: "x", count: 128), String(repeating: "x", count: 129),
                   String(repeating: " ", count: 200)]
        for byte in UInt8(0)...0x7F {
            let c = String(decoding: [byte], as: UTF8.self)
            ids += [c, "a" + c + "b", c + "ab", "ab" + c]
        }
        for id in ids {
            #expect(Identifier.asciiProblem(id) == Identifier.generalProblem(id), "\(Array(id.utf8))")
            #expect(Identifier.problem(id) == Identifier.generalProblem(id))
            #expect(Identifier.normalized(id) == id)
        }
        // Non-ASCII ids still take the general rule: NFD is refused, NFC accepted.
        #expect(Identifier.problem("L-cafe\u{301}") == "is not in Unicode NFC form")
        #expect(Identifier.problem("L-café") == nil)
    }
}
