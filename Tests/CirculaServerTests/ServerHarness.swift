import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Real processes on 127.0.0.1: the demo data seeded once by `scripts/serve-demo.sh seed` (the CLI), copied per
/// server so tests that write do not disturb the others, and `circula serve --port 0` started on the copy.
enum Harness {
    static let packageRoot: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let binary: URL = {
        var dir = Bundle.main.bundleURL
        for _ in 0..<4 where !FileManager.default.isExecutableFile(atPath: dir.appendingPathComponent("circula").path) {
            dir = dir.deletingLastPathComponent()
        }
        return dir.appendingPathComponent("circula")
    }()

    struct Tokens { var admin, operator_, auditor, alpha, beta: String }

    /// The seeded template folder (once per test run).
    static let seeded: Result<(dir: URL, tokens: Tokens), any Error> = Result {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("circula-serve-seed-\(UUID().uuidString)")
        let run = try runProcess(URL(fileURLWithPath: "/bin/bash"), [packageRoot.appendingPathComponent("scripts/serve-demo.sh").path, "seed", dir.path],
                                 environment: ["CIRCULA": binary.path])
        guard run.status == 0 else { throw HarnessError("seed failed: \(run.output)") }
        return (dir, try tokens(dir))
    }

    static func tokens(_ dir: URL) throws -> Tokens {
        let text = try String(contentsOf: dir.appendingPathComponent("tokens.env"), encoding: .utf8)
        var values: [String: String] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1).map(String.init)
            if parts.count == 2 { values[parts[0]] = parts[1] }
        }
        return Tokens(admin: values["ADMIN_TOKEN"] ?? "", operator_: values["OPERATOR_TOKEN"] ?? "", auditor: values["AUDITOR_TOKEN"] ?? "",
                      alpha: values["ALPHA_TOKEN"] ?? "", beta: values["BETA_TOKEN"] ?? "")
    }

    /// A private copy of the seeded folder.
    static func copy() throws -> (dir: URL, tokens: Tokens) {
        let (template, tokens) = try seeded.get()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("circula-serve-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: template, to: dir)
        return (dir, tokens)
    }

    @discardableResult
    static func runProcess(_ executable: URL, _ arguments: [String], environment: [String: String] = [:], directory: URL? = nil) throws -> (status: Int32, output: String) {
        let process = Process()
        if let directory { process.currentDirectoryURL = directory }
        process.executableURL = executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    static func circula(_ arguments: [String]) throws -> (status: Int32, output: String) {
        try runProcess(binary, arguments)
    }
}

struct HarnessError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}

/// One `circula serve` process; stopped with SIGTERM (graceful shutdown) by `stop()`.
final class ServerProcess: @unchecked Sendable {
    let process = Process()
    let port: Int
    let base: String
    let output: Pipe

    init(arguments: [String]) throws {
        process.executableURL = Harness.binary
        process.arguments = ["serve", "--port", "0", "--log-level", "warning"] + arguments
        output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        // The first line names the bound port: "circula serve: listening on http://127.0.0.1:PORT/ …".
        var line = Data()
        let handle = output.fileHandleForReading
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = handle.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        let text = String(decoding: line, as: UTF8.self)
        guard let range = text.range(of: "http://127.0.0.1:"), let port = Int(text[range.upperBound...].prefix { $0.isNumber }) else {
            process.terminate()
            throw HarnessError("circula serve did not start: \(text)")
        }
        self.port = port
        base = "http://127.0.0.1:\(port)"
    }

    /// SIGTERM, then wait: returns the exit status (0 after a graceful shutdown).
    func stop() -> Int32 {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        return process.terminationStatus
    }

    deinit { if process.isRunning { process.terminate() } }
}

/// A plain HTTP client (URLSession, no redirects followed, no cookie storage).
struct HTTP {
    struct Reply {
        var status: Int
        var headers: [String: String]
        var body: Data
        var text: String { String(decoding: body, as: UTF8.self) }
        var json: Any? { try? JSONSerialization.jsonObject(with: body) }
        var object: [String: Any] { json as? [String: Any] ?? [:] }
        func header(_ name: String) -> String? { headers.first { $0.key.lowercased() == name.lowercased() }?.value }
    }

    final class NoRedirect: NSObject, URLSessionTaskDelegate {
        func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                        newRequest request: URLRequest, completionHandler: @escaping (URLRequest?) -> Void) { completionHandler(nil) }
    }

    static let session: URLSession = {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpCookieStorage = nil
        configuration.httpShouldSetCookies = false
        configuration.timeoutIntervalForRequest = 60
        configuration.httpMaximumConnectionsPerHost = 64
        return URLSession(configuration: configuration, delegate: NoRedirect(), delegateQueue: nil)
    }()

    static func request(_ method: String, _ url: String, token: String? = nil, headers: [String: String] = [:], body: Data? = nil) async throws -> Reply {
        var request = URLRequest(url: URL(string: url)!)
        request.httpMethod = method
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        for (k, v) in headers { request.setValue(v, forHTTPHeaderField: k) }
        request.httpBody = body
        let (data, response) = try await session.data(for: request)
        let http = response as! HTTPURLResponse
        var fields: [String: String] = [:]
        for (k, v) in http.allHeaderFields { fields["\(k)"] = "\(v)" }
        return Reply(status: http.statusCode, headers: fields, body: data)
    }

    static func get(_ url: String, token: String? = nil, headers: [String: String] = [:]) async throws -> Reply {
        try await request("GET", url, token: token, headers: headers)
    }

    static func postJSON(_ url: String, _ json: String, token: String? = nil, headers: [String: String] = [:]) async throws -> Reply {
        try await request("POST", url, token: token, headers: headers.merging(["Content-Type": "application/json"]) { $1 }, body: Data(json.utf8))
    }
}
