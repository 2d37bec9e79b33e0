/// Where a value came from: a file, a line (1-based) and optionally a column (its 1-based number and its name) or
/// a field name.
///
/// Printed the way compilers do, so editors can jump to it: `lots.csv:7: column 9 (Au[g/t])`.
public struct SourceLocation: Hashable, Sendable, Codable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var field: String?
    /// The 1-based number of the CSV column, counted in the header.
    public var column: Int?

    public init(file: String, line: Int? = nil, field: String? = nil, column: Int? = nil) {
        self.file = file
        self.line = line
        self.field = field
        self.column = column
    }

    /// The same place, narrowed to a field (a CSV column or a YAML key path).
    public func field(_ name: String) -> SourceLocation {
        SourceLocation(file: file, line: line, field: name)
    }

    public var description: String {
        var text = file
        if let line { text += ":\(line)" }
        if let field {
            if let column, field.hasPrefix("column ") {
                text += ": column \(column) (\(field.dropFirst("column ".count)))"
            } else {
                text += ": \(field.hasPrefix("column ") || field.hasPrefix("key ") ? field : "field \(field)")"
            }
        } else if let column {
            text += ": column \(column)"
        }
        return text
    }
}

/// An error tied to a place in an input file, with what was expected there.
public struct LocatedError: Error, Hashable, Sendable, CustomStringConvertible {
    public var location: SourceLocation
    public var message: String

    public init(_ location: SourceLocation, _ message: String) {
        self.location = location
        self.message = message
    }

    public var description: String { "\(location): \(message)" }
}

/// Every problem found in one input file. Importers collect all of them before
/// refusing the file, so a user fixes a file in one pass, and nothing is applied.
public struct InputErrors: Error, Sendable, CustomStringConvertible {
    public var errors: [LocatedError]

    public init(_ errors: [LocatedError]) { self.errors = errors }

    public var description: String {
        errors.map(\.description).joined(separator: "\n")
    }
}
