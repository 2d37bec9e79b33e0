import Foundation

/// A CSV header with named columns, and typed access to a record's fields that fails
/// with the file, line and column of the bad value.
public struct CSVTable: Sendable {
    public let file: String
    public let columns: [String]
    private let index: [String: Int]

    public init(header: CSVRecord, file: String) throws(LocatedError) {
        self.file = file
        columns = header.fields.map { $0.trimmingCharacters(in: .whitespaces) }
        var index: [String: Int] = [:]
        for (i, name) in columns.enumerated() {
            if name.isEmpty {
                throw LocatedError(SourceLocation(file: file, line: header.line, column: i + 1), "empty column name in the header")
            }
            if index[name] != nil {
                throw LocatedError(SourceLocation(file: file, line: header.line, field: "column \(name)", column: i + 1), "column appears twice in the header")
            }
            index[name] = i
        }
        self.index = index
    }

    public func has(_ column: String) -> Bool { index[column] != nil }

    /// A header cell's place: its line, number and name.
    public func location(_ column: String, line: Int) -> SourceLocation {
        SourceLocation(file: file, line: line, field: "column \(column)", column: index[column].map { $0 + 1 })
    }

    /// Requires the columns to be present in the header.
    public func require(_ required: [String], line: Int) throws(LocatedError) {
        let missing = required.filter { index[$0] == nil }
        if !missing.isEmpty {
            throw LocatedError(SourceLocation(file: file, line: line),
                               "header lacks column\(missing.count > 1 ? "s" : "") \(missing.joined(separator: ", ")); expected \(required.joined(separator: ","))")
        }
    }

    public func row(_ record: CSVRecord) -> Row { Row(table: self, record: record) }

    /// One record seen through its header.
    public struct Row: Sendable {
        public let table: CSVTable
        public let record: CSVRecord

        public var line: Int { record.line }

        /// The place of a cell: file, line, column number and column name.
        public func location(_ column: String) -> SourceLocation {
            table.location(column, line: record.line)
        }

        /// The trimmed text of a column; empty when the record is short.
        public func string(_ column: String) throws(LocatedError) -> String {
            guard let i = table.index[column] else {
                throw LocatedError(SourceLocation(file: table.file, line: record.line), "no column \(column) in the header")
            }
            return i < record.fields.count ? record.fields[i].trimmingCharacters(in: .whitespaces) : ""
        }

        public func nonEmpty(_ column: String, expected: String) throws(LocatedError) -> String {
            let text = try string(column)
            if text.isEmpty { throw LocatedError(location(column), "expected \(expected), found an empty field") }
            return text
        }

        public func double(_ column: String) throws(LocatedError) -> Double {
            let text = try string(column)
            guard let value = Double(text), value.isFinite else {
                throw LocatedError(location(column), "expected a number, found \"\(text)\"")
            }
            return value
        }

        public func int(_ column: String) throws(LocatedError) -> Int {
            let text = try string(column)
            guard let value = Int(text) else {
                throw LocatedError(location(column), "expected an integer, found \"\(text)\"")
            }
            return value
        }
    }
}
