import Foundation
import Yams

/// A position in a parsed YAML document: the node, its file, and its key path.
/// Every accessor fails with a `LocatedError` naming the file, line and key path.
public struct YAMLCursor {
    public let node: Node
    public let file: String
    /// Dotted key path from the root, e.g. `unit_operations[2].transfer_coefficients.Cu`.
    public let path: String

    public init(node: Node, file: String, path: String = "") {
        self.node = node
        self.file = file
        self.path = path
    }

    /// Parses YAML text. Syntax errors carry the line Yams reports.
    public static func parse(_ text: String, file: String) throws(LocatedError) -> YAMLCursor {
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw LocatedError(SourceLocation(file: file, line: 1), "empty document; expected a YAML mapping")
            }
            return YAMLCursor(node: node, file: file)
        } catch let error as LocatedError {
            throw error
        } catch let error as YamlError {
            throw LocatedError(SourceLocation(file: file, line: yamlErrorLine(error)), "not valid YAML: \(error)")
        } catch {
            throw LocatedError(SourceLocation(file: file), "not valid YAML: \(error)")
        }
    }

    public var location: SourceLocation {
        SourceLocation(file: file, line: node.mark?.line, field: path.isEmpty ? nil : "key \(path)")
    }

    public func error(_ message: String) -> LocatedError { LocatedError(location, message) }

    /// The child at `key`, or nil when absent or null.
    public func optional(_ key: String) -> YAMLCursor? {
        guard let child = node[key], child.null == nil else { return nil }
        return YAMLCursor(node: child, file: file, path: path.isEmpty ? key : "\(path).\(key)")
    }

    public func required(_ key: String) throws(LocatedError) -> YAMLCursor {
        guard let child = optional(key) else {
            throw error("missing key \"\(key)\"")
        }
        return child
    }

    /// Key/value pairs in document order; fails if this node is not a mapping.
    public func entries() throws(LocatedError) -> [(key: String, value: YAMLCursor)] {
        guard let mapping = node.mapping else { throw error("expected a mapping (key: value pairs)") }
        return mapping.map { pair in
            let key = pair.key.string ?? "\(pair.key)"
            return (key, YAMLCursor(node: pair.value, file: file, path: path.isEmpty ? key : "\(path).\(key)"))
        }
    }

    public func items() throws(LocatedError) -> [YAMLCursor] {
        guard let sequence = node.sequence else { throw error("expected a list") }
        return sequence.enumerated().map { YAMLCursor(node: $1, file: file, path: "\(path)[\($0)]") }
    }

    public func string() throws(LocatedError) -> String {
        guard case .scalar(let scalar) = node else { throw error("expected a text value") }
        return scalar.string
    }

    public func double() throws(LocatedError) -> Double {
        guard case .scalar(let scalar) = node, let value = Double(scalar.string.replacingOccurrences(of: "_", with: "")), value.isFinite else {
            throw error("expected a number, found \(describe())")
        }
        return value
    }

    public func bool() throws(LocatedError) -> Bool {
        guard let value = node.bool else { throw error("expected true or false, found \(describe())") }
        return value
    }

    public func string(_ key: String) throws(LocatedError) -> String { try required(key).string() }
    public func double(_ key: String) throws(LocatedError) -> Double { try required(key).double() }
    public func optionalString(_ key: String) throws(LocatedError) -> String? { try optional(key)?.string() }
    public func optionalDouble(_ key: String) throws(LocatedError) -> Double? { try optional(key)?.double() }
    public func flag(_ key: String) throws(LocatedError) -> Bool { try optional(key)?.bool() ?? false }

    func describe() -> String {
        switch node {
        case .scalar(let scalar): "\"\(scalar.string)\""
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        }
    }
}

private func yamlErrorLine(_ error: YamlError) -> Int? {
    switch error {
    case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
        return mark.line
    default:
        return nil
    }
}
