/// A decoding failure as one line naming the field (`elements`, `draws.B1`) and what was wrong, for messages about
/// stored events and rows: `verify` reports it, nothing crashes on it.
extension DecodingError {
    public var fieldDescription: String {
        switch self {
        case .dataCorrupted(let context):
            return "\(Self.field(context.codingPath)): \(context.debugDescription)"
        case .keyNotFound(let key, let context):
            return "\(Self.field(context.codingPath + [key])): missing"
        case .typeMismatch(let type, let context):
            return "\(Self.field(context.codingPath)): expected \(Self.name(type))"
        case .valueNotFound(let type, let context):
            return "\(Self.field(context.codingPath)): expected \(Self.name(type)), found null"
        @unknown default:
            return "\(self)"
        }
    }

    static func field(_ path: [any CodingKey]) -> String {
        path.isEmpty ? "payload" : "field " + dottedPath(path)
    }

    /// A coding path as one would write it: `draws.B1`, `lots[2].mass`. The server names request fields the same way.
    public static func dottedPath(_ path: [any CodingKey]) -> String {
        path.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
            .replacingOccurrences(of: ".[", with: "[")
    }

    static func name(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int64.Type, is Int.Type: "an integer"
        case is Bool.Type: "true or false"
        default: "\(type)"
        }
    }
}
