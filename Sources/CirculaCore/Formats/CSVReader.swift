import Foundation

/// A small RFC 4180 reader: comma separated, double quotes escape commas, quotes and newlines.
///
/// It keeps the line number where each record starts, so errors can name it. Lines end in LF, CRLF or a CR alone
/// (old spreadsheet exports); a byte-order mark is dropped.
public struct CSVRecord: Sendable, Equatable {
    /// 1-based line number of the record's first character in the file.
    public var line: Int
    public var fields: [String]
}

public enum CSVReader {
    /// Splits `text` into records. Blank lines and lines starting with `#` are skipped.
    public static func records(_ text: String, file: String) throws(LocatedError) -> [CSVRecord] {
        var records: [CSVRecord] = []
        var fields: [String] = []
        var field = ""
        var inQuotes = false
        var fieldWasQuoted = false
        var line = 1
        var recordLine = 1
        var chars = Array(text.unicodeScalars)
        if chars.first == "\u{FEFF}" { chars.removeFirst() }  // spreadsheet BOM
        var i = 0

        func endRecord() {
            fields.append(field)
            let blank = fields.count == 1 && fields[0].trimmingCharacters(in: .whitespaces).isEmpty && !fieldWasQuoted
            let comment = fields.first?.hasPrefix("#") == true && !fieldWasQuoted
            if !blank && !comment { records.append(CSVRecord(line: recordLine, fields: fields)) }
            fields = []
            field = ""
            fieldWasQuoted = false
        }

        while i < chars.count {
            let c = chars[i]
            if inQuotes {
                if c == "\"" {
                    if i + 1 < chars.count, chars[i + 1] == "\"" {
                        field.unicodeScalars.append("\"")
                        i += 1
                    } else {
                        inQuotes = false
                    }
                } else {
                    // A line break inside a quoted field is part of it, and still counts as a line.
                    if c == "\n" || (c == "\r" && !(i + 1 < chars.count && chars[i + 1] == "\n")) { line += 1 }
                    field.unicodeScalars.append(c)
                }
            } else {
                switch c {
                case ",":
                    fields.append(field)
                    field = ""
                case "\"" where field.isEmpty:
                    inQuotes = true
                    fieldWasQuoted = true
                case "\r", "\n":
                    if c == "\r", i + 1 < chars.count, chars[i + 1] == "\n" { i += 1 }  // CRLF is one line break
                    endRecord()
                    line += 1
                    recordLine = line
                default:
                    field.unicodeScalars.append(c)
                }
            }
            i += 1
        }
        if inQuotes {
            throw LocatedError(SourceLocation(file: file, line: recordLine), "unterminated quoted field (a \" without its closing \")")
        }
        if !field.isEmpty || !fields.isEmpty { endRecord() }
        return records
    }
}

extension String {
    /// Quotes a CSV field when it needs it.
    public var csvEscaped: String {
        if contains(",") || contains("\"") || contains("\n") || contains("\r") {
            return "\"" + replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return self
    }
}
