import Foundation
import Hummingbird

extension LedgerSnapshot {
    /// A JSON response encoded once per chain head under `key` (which must name everything the value depends
    /// on besides the state: route, customer, page).
    func json<Value: Encodable>(_ key: String, _ make: () throws -> Value) throws -> Response {
        let bytes = try body(key) { ByteBuffer(bytes: try JSONEncoder.api.encode(try make())) }
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: bytes))
    }
}

extension LedgerView {
    /// The part of a cache key that says whose records a body shows.
    var cacheKey: String { customer.map { "customer=" + $0 } ?? "all" }
}

extension PageWindow {
    var cacheKey: String { "\(offset):\(limit)" }
}
