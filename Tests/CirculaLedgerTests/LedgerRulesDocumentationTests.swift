import CirculaLedger
import Foundation
import Testing

@Suite("docs/ledger-rules.md")
struct LedgerRulesDocumentationTests {
    /// Every `LedgerError` case (through its exhaustive `code`) is listed as `` `case` `` in the rules document.
    @Test func everyErrorCaseIsDocumented() throws {
        let doc = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("docs/ledger-rules.md")
        let text = try String(contentsOf: doc, encoding: .utf8)
        let missing = LedgerError.Code.allCases.filter { !text.contains("`\($0.rawValue)`") }
        #expect(missing.isEmpty, "not in docs/ledger-rules.md: \(missing.map(\.rawValue))")
    }
}
