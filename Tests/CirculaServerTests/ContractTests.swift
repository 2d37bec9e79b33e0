import Foundation
import Testing

/// The OpenAPI document against the live server: schemathesis (from PyPI, in .venv-serve, made by
/// `scripts/setup.sh test`) generates requests for every operation and checks status codes, content types and
/// response schemas, and that nothing answers 5xx.
@Suite("circula serve: OpenAPI contract (schemathesis)", .serialized)
struct ContractTests {
    static let schemathesis = Harness.packageRoot.appendingPathComponent(".venv-serve/bin/st")
    static let present = FileManager.default.isExecutableFile(atPath: schemathesis.path)

    @Test("every operation of /api/v1/openapi.json conforms on the live server", .enabled(if: present, "no .venv-serve/bin/st; run scripts/setup.sh test"))
    func contract() async throws {
        let (dir, tokens) = try Harness.copy()
        let server = try ServerProcess(arguments: ["--db", dir.appendingPathComponent("circula.sqlite").path, "--key", dir.appendingPathComponent("keys/issuer.key.pem").path])
        defer { _ = server.stop() }
        let run = try Harness.runProcess(Self.schemathesis, [
            "run", server.base + "/api/v1/openapi.json", "-H", "Authorization: Bearer \(tokens.admin)",
            "--checks", "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance",
            "--phases", "coverage,fuzzing", "--max-examples", "5", "-w", "1", "--seed", "20261202", "--no-color",
        ], directory: dir)  // its .schemathesis cache goes with the copy, not into the repository
        #expect(run.status == 0, "\(run.output.suffix(3000))")
        #expect(run.output.contains("29 passed") || run.output.contains("passed"), "\(run.output.suffix(1000))")
        // The fuzzed writes were refused: the chain still verifies.
        let verify = try await HTTP.get(server.base + "/api/v1/ledger/verify", token: tokens.auditor)
        #expect(verify.status == 200)
        #expect(verify.text.contains("\"is_valid\":true") || verify.text.contains("\"valid\":true"), "\(verify.text.prefix(300))")
    }
}
