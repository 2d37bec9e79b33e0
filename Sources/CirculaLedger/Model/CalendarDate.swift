/// A calendar day in ISO 8601 basic calendar form `YYYY-MM-DD`: four ASCII digits of year, real months and days
/// (2024-02-29 yes, 2023-02-29 and 2024-04-31 no), years from `earliestYear` to 9999, no sign, no spaces.
public struct CalendarDate: Sendable, Equatable, Comparable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    /// Nothing in a copper recycler's ledger predates the chain-of-custody schemes it serves (ISO 22095 is 2020;
    /// 1990 leaves room for old stock records).
    public static let earliestYear = 1990

    public init(_ text: String) throws(LedgerError) {
        // Read in place (no copy of the bytes: every receipt, credit and delivery parses its date several times).
        var contiguous = text
        let parts: (Int, Int, Int)? = contiguous.withUTF8 { bytes in
            func digits(_ range: Range<Int>) -> Int? {
                var value = 0
                for b in bytes[range] {
                    guard b >= 0x30 && b <= 0x39 else { return nil }
                    value = value * 10 + Int(b - 0x30)
                }
                return value
            }
            guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
                  let y = digits(0..<4), let m = digits(5..<7), let d = digits(8..<10) else { return nil }
            return (y, m, d)
        }
        guard let (y, m, d) = parts, (1...12).contains(m) else {
            throw .invalidDate(date: text, reason: "expected YYYY-MM-DD")
        }
        guard y >= CalendarDate.earliestYear else {
            throw .invalidDate(date: text, reason: "year \(y) is before \(CalendarDate.earliestYear); expected a real booking date")
        }
        guard (1...CalendarDate.days(inMonth: m, year: y)).contains(d) else {
            throw .invalidDate(date: text, reason: "\(String(text.prefix(7))) has \(CalendarDate.days(inMonth: m, year: y)) days")
        }
        year = y; month = m; day = d
    }

    public init(year: Int, month: Int, day: Int) { self.year = year; self.month = month; self.day = day }

    public static func days(inMonth month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 (proleptic Gregorian; Howard Hinnant's days_from_civil).
    public var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    public var description: String {
        func pad(_ n: Int, _ width: Int) -> String { let s = String(n); return String(repeating: "0", count: max(0, width - s.count)) + s }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    public static func < (a: Self, b: Self) -> Bool { (a.year, a.month, a.day) < (b.year, b.month, b.day) }
}
