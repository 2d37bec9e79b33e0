/// GZIP (RFC 1952) around one DEFLATE (RFC 1951) block with the fixed Huffman code, runs of equal bytes coded as
/// matches at distance 1: enough for a status bitstring (almost all zero bytes), with no zlib dependency, and
/// deterministic (mtime 0, no file name), so the signed `encodedList` is the same for the same bits. Any inflater
/// (Python's `gzip.decompress`) reads it; `decompress` here reads stored and fixed-code blocks, what this writes.
enum Gzip {
    struct Failure: Error, CustomStringConvertible, Equatable {
        var description: String
    }

    static func compress(_ data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff] // magic, deflate, no flags, mtime 0, xfl 0, OS unknown
        var bits = BitWriter()
        bits.write(1, count: 1) // BFINAL
        bits.write(1, count: 2) // BTYPE 01: fixed Huffman codes
        var i = 0
        while i < data.count {
            let byte = data[i]
            bits.literal(Int(byte))
            var run = 0
            while i + 1 + run < data.count, data[i + 1 + run] == byte { run += 1 }
            i += 1
            // A match repeats the previous byte (distance 1); lengths are 3…258, shorter rests go as literals.
            while run >= 3 {
                let length = min(run, 258)
                bits.match(length: length)
                run -= length
                i += length
            }
            while run > 0 { bits.literal(Int(byte)); run -= 1; i += 1 }
        }
        bits.literal(256) // end of block
        out += bits.bytes()
        out += littleEndian(crc32(data)) + littleEndian(UInt32(truncatingIfNeeded: data.count))
        return out
    }

    static func decompress(_ data: [UInt8]) throws(Failure) -> [UInt8] {
        guard data.count >= 18, data[0] == 0x1f, data[1] == 0x8b, data[2] == 8 else { throw Failure(description: "not GZIP data (magic 1f 8b, method 8)") }
        guard data[3] == 0 else { throw Failure(description: "GZIP header flags \(data[3]) (name, comment, extra fields) are not read here") }
        var reader = BitReader(bytes: Array(data[10..<(data.count - 8)]))
        var out: [UInt8] = []
        var final = false
        while !final {
            final = try reader.read(1) == 1
            switch try reader.read(2) {
            case 0:
                reader.alignToByte()
                let length = try reader.read(16), complement = try reader.read(16)
                guard length ^ 0xffff == complement else { throw Failure(description: "stored block length check fails") }
                for _ in 0..<length { out.append(UInt8(try reader.read(8))) }
            case 1:
                while true {
                    let symbol = try reader.fixedLiteral()
                    if symbol < 256 { out.append(UInt8(symbol)); continue }
                    if symbol == 256 { break }
                    let index = symbol - 257
                    guard index < lengthBase.count else { throw Failure(description: "length symbol \(symbol) out of range") }
                    let length = lengthBase[index] + (try reader.read(lengthExtra[index]))
                    let code = try reader.reversed(5)
                    guard code < distanceBase.count else { throw Failure(description: "distance symbol \(code) out of range") }
                    let distance = distanceBase[code] + (try reader.read(distanceExtra[code]))
                    guard distance <= out.count else { throw Failure(description: "match distance \(distance) before the start") }
                    for _ in 0..<length { out.append(out[out.count - distance]) }
                }
            default:
                throw Failure(description: "dynamic-Huffman DEFLATE block: this reader takes stored and fixed-code blocks only (verify with any inflater, e.g. Python's gzip)")
            }
        }
        let trailer = Array(data[(data.count - 8)...])
        guard Array(trailer[0..<4]) == littleEndian(crc32(out)), Array(trailer[4..<8]) == littleEndian(UInt32(truncatingIfNeeded: out.count)) else {
            throw Failure(description: "GZIP CRC-32 or size does not match the data")
        }
        return out
    }

    static let lengthBase = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258]
    static let lengthExtra = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
    static let distanceBase = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073,
                               4097, 6145, 8193, 12289, 16385, 24577]
    static let distanceExtra = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13]

    static func littleEndian(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) } }

    /// CRC-32 of RFC 1952 §8 (polynomial 0xEDB88320, reflected).
    static func crc32(_ data: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xffff_ffff
        for byte in data {
            crc = crcTable[Int((crc ^ UInt32(byte)) & 0xff)] ^ (crc >> 8)
        }
        return crc ^ 0xffff_ffff
    }

    static let crcTable: [UInt32] = (0..<256).map { n in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 == 1 ? 0xedb8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    /// DEFLATE's bit order: data elements least significant bit first, Huffman codes most significant bit first.
    struct BitWriter {
        var out: [UInt8] = []
        var buffer: UInt32 = 0
        var filled = 0

        mutating func write(_ value: Int, count: Int) {
            for k in 0..<count {
                buffer |= UInt32((value >> k) & 1) << filled
                filled += 1
                if filled == 8 { out.append(UInt8(buffer)); buffer = 0; filled = 0 }
            }
        }

        mutating func code(_ code: Int, length: Int) {
            for k in stride(from: length - 1, through: 0, by: -1) { write((code >> k) & 1, count: 1) }
        }

        /// RFC 1951 §3.2.6 fixed literal/length code.
        mutating func literal(_ symbol: Int) {
            switch symbol {
            case 0...143: code(0x30 + symbol, length: 8)
            case 144...255: code(0x190 + symbol - 144, length: 9)
            case 256...279: code(symbol - 256, length: 7)
            default: code(0xc0 + symbol - 280, length: 8)
            }
        }

        /// A match of `length` at distance 1 (distance code 0, five bits, no extra bits).
        mutating func match(length: Int) {
            let index = Gzip.lengthBase.lastIndex { $0 <= length }!
            literal(257 + index)
            write(length - Gzip.lengthBase[index], count: Gzip.lengthExtra[index])
            code(0, length: 5)
        }

        func bytes() -> [UInt8] { filled > 0 ? out + [UInt8(buffer)] : out }
    }

    struct BitReader {
        var bytes: [UInt8]
        var position = 0 // in bits

        mutating func bit() throws(Failure) -> Int {
            guard position / 8 < bytes.count else { throw Failure(description: "DEFLATE data ends early") }
            defer { position += 1 }
            return Int(bytes[position / 8] >> (position % 8)) & 1
        }

        mutating func read(_ count: Int) throws(Failure) -> Int {
            var value = 0
            for k in 0..<count { value |= try bit() << k }
            return value
        }

        mutating func reversed(_ count: Int) throws(Failure) -> Int {
            var value = 0
            for _ in 0..<count { value = value << 1 | (try bit()) }
            return value
        }

        mutating func alignToByte() { position = (position + 7) / 8 * 8 }

        mutating func fixedLiteral() throws(Failure) -> Int {
            var code = try reversed(7)
            if code <= 0x17 { return code + 256 }
            code = code << 1 | (try bit())
            if (0x30...0xbf).contains(code) { return code - 0x30 }
            if (0xc0...0xc7).contains(code) { return code - 0xc0 + 280 }
            code = code << 1 | (try bit())
            guard (0x190...0x1ff).contains(code) else { throw Failure(description: "invalid fixed Huffman code") }
            return code - 0x190 + 144
        }
    }
}
