/// Refusals of the server's own tables (users, tokens, sessions, archived certificates).
public enum ServerStoreError: Error, CustomStringConvertible, Sendable, Equatable {
    case storage(String)
    case invalidInput(String)
    case unknownUser(String)
    case unknownToken(String)
    case duplicateUser(String)

    public var description: String {
        switch self {
        case .storage(let text): "server store: \(text)"
        case .invalidInput(let text): text
        case .unknownUser(let name): "no user \"\(name)\""
        case .unknownToken(let id): "no token \"\(id)\""
        case .duplicateUser(let name): "user \"\(name)\" exists already"
        }
    }
}
