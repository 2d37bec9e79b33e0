import Hummingbird

/// One page of a list: never a silent cut; `more_remain` and `next_offset` say when there is more.
struct Page<Item: Encodable>: Encodable {
    var items: [Item]
    var offset: Int
    var limit: Int
    var total: Int
    var moreRemain: Bool
    var nextOffset: Int?

    init(_ all: [Item], _ window: PageWindow) {
        total = all.count
        offset = window.offset
        limit = window.limit
        let start = min(window.offset, all.count), end = min(start + window.limit, all.count)
        items = Array(all[start..<end])
        moreRemain = end < all.count
        nextOffset = moreRemain ? end : nil
    }
}

/// `?offset=&limit=`, checked: integers, offset ≥ 0, 1 ≤ limit ≤ 500.
struct PageWindow {
    var offset: Int
    var limit: Int

    init(offset: Int, limit: Int) {
        self.offset = offset
        self.limit = limit
    }

    init(_ request: Request, defaultLimit: Int = 100) throws {
        let query = request.uri.queryParameters
        offset = try Self.integer(query.get("offset"), name: "offset", range: 0...Int(Int32.max)) ?? 0
        limit = try Self.integer(query.get("limit"), name: "limit", range: 1...ServerLimits.maxPageSize) ?? defaultLimit
    }

    static func integer(_ text: String?, name: String, range: ClosedRange<Int>) throws -> Int? {
        guard let text else { return nil }
        guard let value = Int(text), range.contains(value) else {
            throw Problem.badRequest("query parameter \(name)=\"\(text.prefix(40))\" is not an integer from \(range.lowerBound) to \(range.upperBound)",
                                     field: name, expected: "integer \(range.lowerBound)…\(range.upperBound)")
        }
        return value
    }
}
