import Foundation

/// What one run of the `circula` binary produced.
public struct CLIResult: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String

    /// Short names for `stdout` and `stderr`, as the ledger's CLI tests spell them.
    public var out: String { stdout }
    public var err: String { stderr }
}

/// The one subprocess runner of the built `circula` executable, for every test target that runs it.
///
/// Test targets that use it depend on the `circula` target in Package.swift, so `swift build --build-tests` and a
/// plain `swift test` build the binary before the tests run it.
///
/// Two ways to use it:
/// ```swift
/// let result = try CLI.run(["lots", "check"])                 // in the current directory
/// let cli = try CLI(); defer { cli.remove() }                // in a fresh scratch directory
/// let r = try cli.run("ledger", "init", "--site", "s1=Smelter")
/// ```
public struct CLI: Sendable {
    /// The scratch directory the instance runs in (relative paths in arguments resolve against it).
    public let directory: URL

    /// Creates a fresh scratch directory under the system's temporary folder.
    public init() throws {
        directory = try CLI.temporaryDirectory()
    }

    /// The path of `name` inside the scratch directory.
    public func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// Runs the binary in the scratch directory to completion.
    @discardableResult
    public func run(_ arguments: String...) throws -> CLIResult { try CLI.run(arguments, in: directory) }

    /// Runs the binary in the scratch directory to completion.
    @discardableResult
    public func run(_ arguments: [String]) throws -> CLIResult { try CLI.run(arguments, in: directory) }

    /// A process set up to run in the scratch directory, not yet started (for tests that kill or race it).
    public func process(_ arguments: [String]) -> (Process, Pipe, Pipe) { CLI.process(arguments, in: directory) }

    /// Deletes the scratch directory.
    public func remove() { try? FileManager.default.removeItem(at: directory) }

    /// The `circula` binary in the build folder the tests were built into.
    public static let binary: URL = {
        // The test runner may be `CirculaPackageTests.xctest` (a file on Linux, a bundle on macOS) or live inside one;
        // walk up until the folder holds `circula`.
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<4 where !FileManager.default.isExecutableFile(atPath: dir.appendingPathComponent("circula").path) {
            dir = dir.deletingLastPathComponent()
        }
        let besideTests = dir.appendingPathComponent("circula")
        if FileManager.default.isExecutableFile(atPath: besideTests.path) { return besideTests }
        // Fallback: the package's default debug build folder.
        return packageRoot.appendingPathComponent(".build/debug/circula")
    }()

    /// The package's root folder (two levels above this file).
    public static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Whether the binary exists (suites guard on it with `.enabled(if:)` so a missing build says so).
    public static var isBuilt: Bool { FileManager.default.isExecutableFile(atPath: binary.path) }

    /// Runs the binary to completion in `directory` (default: the current directory).
    @discardableResult
    public static func run(_ arguments: [String], in directory: URL? = nil) throws -> CLIResult {
        let (process, out, err) = process(arguments, in: directory)
        try process.run()
        // Read before waiting so a large output cannot fill the pipe and block the child.
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CLIResult(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                         stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// A process with captured output, not yet started.
    public static func process(_ arguments: [String], in directory: URL? = nil) -> (Process, Pipe, Pipe) {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        return (process, out, err)
    }

    /// A new, empty directory under the system's temporary folder.
    public static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("circula-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
