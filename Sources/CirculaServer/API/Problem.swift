import HTTPTypes
import Foundation
import Hummingbird

/// An RFC 9457 problem-details answer (`application/problem+json`). It names what was wrong (the field, or the
/// line and column of an upload) and what was expected; it never carries resource data.
public struct Problem: Error, HTTPResponseError, Encodable, CustomStringConvertible {
    public struct Detail: Encodable, Sendable, Equatable {
        public var field: String?
        public var line: Int?
        public var column: String?
        public var expected: String?
        public var message: String
        public init(field: String? = nil, line: Int? = nil, column: String? = nil, expected: String? = nil, message: String) {
            self.field = field; self.line = line; self.column = column; self.expected = expected; self.message = message
        }
    }

    public var status: HTTPResponse.Status
    public var title: String
    public var detail: String
    public var field: String?
    public var line: Int?
    public var column: String?
    public var expected: String?
    public var errors: [Detail]?

    public init(_ status: HTTPResponse.Status, _ title: String, detail: String, field: String? = nil, line: Int? = nil,
                column: String? = nil, expected: String? = nil, errors: [Detail]? = nil) {
        self.status = status; self.title = title; self.detail = detail; self.field = field; self.line = line
        self.column = column; self.expected = expected; self.errors = errors
    }

    public var description: String { "\(status.code) \(title): \(detail)" }

    enum CodingKeys: String, CodingKey { case type, title, status, detail, field, line, column, expected, errors }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode("https://circula.example/problems/\(title.lowercased().replacingOccurrences(of: " ", with: "-"))", forKey: .type)
        try c.encode(title, forKey: .title)
        try c.encode(status.code, forKey: .status)
        try c.encode(detail, forKey: .detail)
        try c.encodeIfPresent(field, forKey: .field)
        try c.encodeIfPresent(line, forKey: .line)
        try c.encodeIfPresent(column, forKey: .column)
        try c.encodeIfPresent(expected, forKey: .expected)
        try c.encodeIfPresent(errors, forKey: .errors)
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let data = (try? JSONEncoder.api.encode(self)) ?? Data("{\"status\":\(status.code)}".utf8)
        var headers: HTTPFields = [.contentType: "application/problem+json"]
        if status == .unauthorized { headers[.wwwAuthenticate] = "Bearer realm=\"circula\"" }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    // MARK: common problems

    public static func unauthorized(_ detail: String = "sign in: send Authorization: Bearer <token> or a session cookie") -> Problem {
        Problem(.unauthorized, "Unauthorized", detail: detail)
    }
    public static func forbidden(_ detail: String) -> Problem { Problem(.forbidden, "Forbidden", detail: detail) }
    public static func notFound(_ kind: String, _ id: String) -> Problem {
        Problem(.notFound, "Not Found", detail: "no \(kind) \"\(id)\" visible to you")
    }
    public static func badRequest(_ detail: String, field: String? = nil, expected: String? = nil) -> Problem {
        Problem(.badRequest, "Bad Request", detail: detail, field: field, expected: expected)
    }
    public static func unprocessable(_ detail: String, field: String? = nil, expected: String? = nil) -> Problem {
        Problem(.unprocessableContent, "Unprocessable Content", detail: detail, field: field, expected: expected)
    }
}

extension JSONEncoder {
    /// API output: snake_case keys, sorted, no escaped slashes.
    static let api: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()
}

/// A JSON response of any encodable value.
func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
    let data = try JSONEncoder.api.encode(value)
    return Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
}

func text(_ body: String, contentType: String, status: HTTPResponse.Status = .ok) -> Response {
    Response(status: status, headers: [.contentType: contentType], body: .init(byteBuffer: ByteBuffer(string: body)))
}
