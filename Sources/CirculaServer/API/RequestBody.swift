import Foundation
import CirculaLedger
import Hummingbird

/// Reads a bounded request body and decodes JSON, turning every failure into a problem that names the field.
enum RequestBody {
    static func bytes(_ request: Request, limit: Int = ServerLimits.maxBodyBytes) async throws -> ByteBuffer {
        var request = request
        do { return try await request.collectBody(upTo: limit) } catch {
            throw Problem(.contentTooLarge, "Content Too Large", detail: "the request body exceeds \(limit) bytes", expected: "at most \(limit) bytes")
        }
    }

    /// A bounded UTF-8 text body (an uploaded file).
    static func text(_ request: Request, expected: String) async throws -> String {
        let buffer = try await bytes(request)
        guard let text = String(validating: buffer.readableBytesView, as: UTF8.self) else {
            throw Problem.unprocessable("the upload is not UTF-8 text", expected: expected)
        }
        guard !text.isEmpty else { throw Problem.unprocessable("the upload is empty", expected: expected) }
        return text
    }

    static func decode<T: Decodable>(_ type: T.Type, from request: Request) async throws -> T {
        let buffer = try await bytes(request)
        let data = Data(buffer.readableBytesView)
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        do { return try decoder.decode(T.self, from: data) } catch let error as DecodingError {
            throw problem(error)
        } catch {
            throw Problem.badRequest("the body is not JSON: \(error)", expected: "a JSON object")
        }
    }


    /// Snake-case name of a Swift property (`ringFencedFor` → `ring_fenced_for`), as the client sent it.
    static func snake(_ name: String) -> String {
        var out = ""
        for ch in name { if ch.isUppercase { out += "_" + ch.lowercased() } else { out.append(ch) } }
        return out
    }

    static func problem(_ error: DecodingError) -> Problem {
        switch error {
        case .keyNotFound(let key, let context):
            let field = snake(DecodingError.dottedPath(context.codingPath + [key]))
            return Problem.unprocessable("missing field \(field)", field: field, expected: "field \(field) present")
        case .typeMismatch(let type, let context):
            let field = snake(DecodingError.dottedPath(context.codingPath))
            return Problem.unprocessable("field \(field.isEmpty ? "(body)" : field) has the wrong type", field: field.isEmpty ? nil : field, expected: "\(type)")
        case .valueNotFound(let type, let context):
            let field = snake(DecodingError.dottedPath(context.codingPath))
            return Problem.unprocessable("field \(field) is null", field: field, expected: "\(type)")
        case .dataCorrupted(let context):
            let field = snake(DecodingError.dottedPath(context.codingPath))
            if field.isEmpty { return Problem.badRequest("the body is not valid JSON", expected: "a JSON object") }
            return Problem.unprocessable("field \(field): \(context.debugDescription)", field: field)
        @unknown default:
            return Problem.badRequest("the body cannot be read", expected: "a JSON object")
        }
    }
}
