import CirculaCore
import CirculaLedger
import CirculaWorkspace
import Foundation
import Testing

/// `--scheme NAME [--scheme-file FILE]` as the use case reads it: a bundled name, custom with a file, or nothing.
@Suite("Scheme selection")
struct SchemeSelectionTests {
    @Test func namesAndFilesGoTogetherOnlyForCustom() throws {
        #expect(try Workspace.schemeProfile(named: nil, file: nil) == nil)
        #expect(try Workspace.schemeProfile(named: "asi", file: nil) == SchemeProfile.bundled("asi"))
        func refusal(_ name: String?, _ file: String?) -> String {
            do { _ = try Workspace.schemeProfile(named: name, file: file); return "accepted" } catch { return error.description }
        }
        #expect(refusal(nil, "x.yaml") == "x.yaml: --scheme-file needs --scheme custom")
        #expect(refusal("custom", nil) == "--scheme: --scheme custom needs --scheme-file FILE")
        #expect(refusal("asi", "x.yaml") == "x.yaml: --scheme-file is only for --scheme custom, not asi")
        #expect(refusal("custom", "/nonexistent/x.yaml").hasPrefix("/nonexistent/x.yaml: cannot read the file"))
    }

    /// A custom file is read from disk and validated; the same text as a bundled profile gives the same profile.
    @Test func customFileIsRead() throws {
        let bundled = LedgerResources.url("schemes/ul2809.yaml")
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("scheme-\(UUID().uuidString).yaml")
        defer { try? FileManager.default.removeItem(at: copy) }
        try FileManager.default.copyItem(at: bundled, to: copy)
        #expect(try Workspace.schemeProfile(named: "custom", file: copy.path) == SchemeProfile.bundled("ul2809"))
    }
}
