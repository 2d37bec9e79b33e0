import Foundation

/// Writing files that must not be lost, half-written or readable by others: a temporary file in the target's own
/// directory, created with its final mode from the first byte (`open(O_CREAT | O_EXCL, mode)`), synced, then renamed
/// over the target. Without `overwrite` an existing target is refused (`link` fails on an existing name, so two
/// writers cannot both win).
public enum SecureFile {
    public struct Failure: Error, CustomStringConvertible, Sendable, Equatable {
        public var path: String
        public var reason: String
        public var description: String { "\(path): \(reason)" }
    }

    /// A written temporary file, not yet in place.
    public struct Pending: Sendable {
        public let path: String
        let temporary: String
        let overwrite: Bool

        /// Moves the file into place.
        public func commit() throws(Failure) {
            if overwrite {
                guard rename(temporary, path) == 0 else { let e = SecureFile.errorText(); discard(); throw Failure(path: path, reason: e) }
            } else {
                guard link(temporary, path) == 0 else {
                    let exists = errno == EEXIST
                    let e = SecureFile.errorText()
                    discard()
                    throw Failure(path: path, reason: exists ? "exists; refusing to overwrite it (use --force)" : e)
                }
                unlink(temporary)
            }
        }

        public func discard() { unlink(temporary) }
    }

    /// Writes `text` to a temporary file next to `path` (mode `mode`), ready to `commit`.
    public static func prepare(_ text: String, to path: String, mode: mode_t = 0o600, overwrite: Bool = false) throws(Failure) -> Pending {
        if !overwrite, FileManager.default.fileExists(atPath: path) {
            throw Failure(path: path, reason: "exists; refusing to overwrite it (use --force)")
        }
        let directory = (path as NSString).deletingLastPathComponent
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.isEmpty ? "." : directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw Failure(path: path, reason: "directory \(directory.isEmpty ? "." : directory) does not exist")
        }
        let temporary = path + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL, mode)
        guard fd >= 0 else { throw Failure(path: path, reason: errorText()) }
        // The umask may have narrowed the mode; set it exactly (still before any byte is written).
        fchmod(fd, mode)
        let bytes = Array(text.utf8)
        var written = 0
        while written < bytes.count {
            let n = bytes[written...].withUnsafeBytes { POSIX.write(fd, $0.baseAddress, $0.count) }
            guard n > 0 else { let e = errorText(); close(fd); unlink(temporary); throw Failure(path: path, reason: e) }
            written += n
        }
        guard fsync(fd) == 0, close(fd) == 0 else { let e = errorText(); unlink(temporary); throw Failure(path: path, reason: e) }
        return Pending(path: path, temporary: temporary, overwrite: overwrite)
    }

    /// Writes `text` to `path` atomically with `mode`.
    public static func write(_ text: String, to path: String, mode: mode_t = 0o600, overwrite: Bool = false) throws(Failure) {
        try prepare(text, to: path, mode: mode, overwrite: overwrite).commit()
    }

    static func errorText() -> String { String(cString: strerror(errno)) }
}
