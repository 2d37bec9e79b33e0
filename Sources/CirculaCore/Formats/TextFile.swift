import Foundation

/// Reads input files as UTF-8 text, the one encoding every Circula input file uses.
///
/// A byte-order mark is dropped. A file in another encoding (Latin-1, Windows-1252, UTF-16) is refused with the line
/// and the byte in that line where it stops being UTF-8, so the user knows which cell to look at.
/// ```swift
/// let text = try TextFile.read(URL(fileURLWithPath: "lots.csv"), displayName: "lots.csv")
/// ```
public enum TextFile {
    /// Reads and decodes a file.
    /// - Throws: `LocatedError` when the file cannot be read or is not UTF-8.
    public static func read(_ url: URL, displayName: String? = nil) throws(LocatedError) -> String {
        let name = displayName ?? url.path
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw LocatedError(SourceLocation(file: name), "cannot read the file: \(error.localizedDescription)")
        }
        return try decode(data, file: name)
    }

    /// Decodes bytes as UTF-8, without a byte-order mark.
    /// - Throws: `LocatedError` at the first byte that is not UTF-8: `not UTF-8 at line 3, byte 17 (0xE9)`.
    public static func decode(_ data: Data, file: String) throws(LocatedError) -> String {
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        // Fast path: Foundation validates in bulk; the scalar-by-scalar walk only runs to locate a bad byte.
        if let text = String(bytes: bytes, encoding: .utf8) { return text }
        if let error = firstInvalidByte(bytes, file: file) { throw error }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Walks the bytes scalar by scalar, counting lines (LF, CRLF or CR alone) and bytes within the line.
    static func firstInvalidByte(_ bytes: [UInt8], file: String) -> LocatedError? {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0, line = 1, lineStart = 0
        var afterCR = false
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded):
                let byte = bytes[offset]
                if byte == 0x0A {
                    if !afterCR { line += 1 }
                    lineStart = offset + 1
                } else if byte == 0x0D {
                    line += 1
                    lineStart = offset + 1
                }
                afterCR = byte == 0x0D
                offset += encoded.count
            case .error:
                let hex = String(format: "0x%02X", bytes[offset])
                return LocatedError(SourceLocation(file: file, line: line),
                                    "not UTF-8 at line \(line), byte \(offset - lineStart + 1) (\(hex)); expected UTF-8 text: save the file as UTF-8 (\"CSV UTF-8\" in a spreadsheet), not Latin-1 or Windows-1252")
            case .emptyInput:
                return nil
            }
        }
    }
}
