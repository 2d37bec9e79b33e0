import Foundation

/// A W3C Bitstring Status List (VC Bitstring Status List v1.0, §3): a bitstring of entries of `statusSize` bits,
/// entry `i` at bits `i × statusSize …`, bit 0 the most significant bit of byte 0 (the left-most bit); published
/// GZIP-compressed, base64url without padding, with the multibase prefix `u` (`encodedList`). At least 131,072
/// entries (16 KB at one bit each), so a list says nothing about how many certificates exist.
public struct BitstringStatusList: Sendable, Equatable {
    /// The spec's minimum: 131,072 entries.
    public static let minimumEntries = 131_072

    public var statusSize: Int
    public var entries: Int
    public private(set) var bytes: [UInt8]

    /// A list of at least `entries` entries (rounded up to a multiple of the minimum), every status 0.
    public init(entries: Int, statusSize: Int = 1) {
        precondition(statusSize >= 1 && statusSize <= 8, "status size 1…8 bits")
        let blocks = max(1, (entries + Self.minimumEntries - 1) / Self.minimumEntries)
        self.statusSize = statusSize
        self.entries = blocks * Self.minimumEntries
        bytes = [UInt8](repeating: 0, count: self.entries * statusSize / 8)
    }

    /// The status of entry `index` (its `statusSize` bits, most significant first).
    public func status(at index: Int) -> Int {
        var value = 0
        for k in 0..<statusSize {
            let bit = index * statusSize + k
            value = value << 1 | Int(bytes[bit / 8] >> (7 - bit % 8)) & 1
        }
        return value
    }

    public mutating func setStatus(_ value: Int, at index: Int) {
        precondition(index >= 0 && index < entries && value >= 0 && value < 1 << statusSize, "status \(value) at \(index)")
        for k in 0..<statusSize {
            let bit = index * statusSize + k
            let on = (value >> (statusSize - 1 - k)) & 1 == 1
            let mask = UInt8(1 << (7 - bit % 8))
            bytes[bit / 8] = on ? bytes[bit / 8] | mask : bytes[bit / 8] & ~mask
        }
    }

    /// `u` + base64url(GZIP(bitstring)), no padding.
    public var encodedList: String {
        "u" + Data(Gzip.compress(bytes)).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// Reads an `encodedList` (written by Circula: stored or fixed-code DEFLATE; see `Gzip`).
    public init(encodedList: String, statusSize: Int = 1) throws(CertificateError) {
        guard encodedList.hasPrefix("u") else { throw .invalid("encodedList must start with the multibase prefix u (base64url)") }
        var text = String(encodedList.dropFirst()).replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        text += String(repeating: "=", count: (4 - text.count % 4) % 4)
        guard let data = Data(base64Encoded: text) else { throw .invalid("encodedList is not base64url") }
        let raw: [UInt8]
        do { raw = try Gzip.decompress(Array(data)) } catch { throw .invalid("encodedList: \(error)") }
        guard raw.count * 8 >= Self.minimumEntries * statusSize else {
            throw .invalid("the bitstring holds \(raw.count * 8 / statusSize) entries; the spec's minimum is \(Self.minimumEntries)")
        }
        self.statusSize = statusSize
        entries = raw.count * 8 / statusSize
        bytes = raw
    }
}
