import Foundation

/// A progress bar on standard error that appears only once a run has taken more than a second
/// (quick runs stay quiet) and only on a terminal.
final class ProgressBar {
    let label: String
    let started = Date()
    var shown = false

    init(label: String) { self.label = label }

    func update(_ done: Int, _ total: Int) {
        guard isatty(STDERR_FILENO) != 0, Date().timeIntervalSince(started) > 1 || shown else { return }
        shown = true
        let width = 30
        let filled = total > 0 ? width * done / total : width
        let line = "\r\(label) [\(String(repeating: "#", count: filled))\(String(repeating: " ", count: width - filled))] \(done)/\(total)"
        FileHandle.standardError.write(Data((line + (done == total ? "\n" : "")).utf8))
    }
}
