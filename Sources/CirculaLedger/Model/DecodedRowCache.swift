import Synchronization

/// Decoded values of the rows every append reads and almost never changes (the config, sites, products), keyed
/// by their exact text and type: decoding is a pure function of the text, so a hit is the value a decode would
/// give. Why: an allocation reads the config and the products each time, and decoding them was a fifth of its
/// CPU time (the config holds the whole scheme profile).
enum DecodedRowCache {
    private struct Key: Hashable {
        var type: ObjectIdentifier
        var text: String
    }

    /// Bounded: emptied when full (rows change rarely; a plant has a handful of sites and products).
    static let capacity = 256
    private static let entries = Mutex<[Key: any Sendable]>([:])

    /// The cached value of `text` as `T`, or `decode()`'s, remembered.
    static func value<T: Sendable>(_ type: T.Type, text: String, decode: () throws -> T) throws -> T {
        let key = Key(type: ObjectIdentifier(type), text: text)
        if let hit = entries.withLock({ $0[key] }) as? T { return hit }
        let value = try decode()
        entries.withLock { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[key] = value
        }
        return value
    }
}
