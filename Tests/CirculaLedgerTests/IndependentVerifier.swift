import Foundation
import Testing

/// Python, as an auditor would run it: `$CIRCULA_PYTHON`, else the venv `scripts/setup.sh test` creates
/// (`.venv-verify`, with `cryptography`), else `python3` on the PATH.
enum IndependentVerifier {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var python: String {
        if let configured = ProcessInfo.processInfo.environment["CIRCULA_PYTHON"], !configured.isEmpty { return configured }
        let venv = packageRoot.appendingPathComponent(".venv-verify/bin/python3").path
        return FileManager.default.isExecutableFile(atPath: venv) ? venv : "python3"
    }

    /// Runs `python3 ARGS` (through `env`, so PATH lookup works); returns status and combined output.
    static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// The one ```python block of a document under docs/, written to `directory` (the test follows the doc only).
    static func program(fromDoc name: String, into directory: URL) throws -> String {
        let text = try String(contentsOf: packageRoot.appendingPathComponent("docs/" + name), encoding: .utf8)
        let start = try #require(text.range(of: "```python\n"), "docs/\(name) has no python block")
        let end = try #require(text.range(of: "\n```", range: start.upperBound..<text.endIndex))
        let path = directory.appendingPathComponent("verify.py").path
        try String(text[start.upperBound..<end.lowerBound]).write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
