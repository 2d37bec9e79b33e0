import Hummingbird

/// Per-request state: who is asking (from a bearer token or a session cookie) and the session for CSRF checks.
/// Hummingbird's logger carries the request id (`hb.request.id`) on every line logged for the request.
public struct CirculaContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var identity: Identity?
    public var session: SessionRecord?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }

    /// Bodies are limited (JSON and CSV uploads alike): anything larger is refused with 413.
    public var maxUploadSize: Int { ServerLimits.maxBodyBytes }
}

public enum ServerLimits {
    /// 1 MiB: a month's lot file is ~10 kB; a certificate ~2 kB.
    public static let maxBodyBytes = 1 << 20
    /// Largest page of any list.
    public static let maxPageSize = 500
}
