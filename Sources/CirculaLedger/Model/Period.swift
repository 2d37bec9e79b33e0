import CirculaCore
import Foundation

/// How the ledger cuts time into balancing periods.
///
/// Quarters and fiscal years follow the April–March fiscal year: `FY2024` runs from 2024-04-01 to 2025-03-31
/// and `FY2024-Q1` is April–June 2024. Months are calendar months (`2024-04`).
public enum PeriodKind: String, Vocabulary {
    case month
    case quarter
    case fiscalYear = "fiscal-year"
    /// Periods of any length from an explicit start (`Setup.customPeriods`, `PeriodCalendar`); the methods of the
    /// kind alone refuse it, the ledger asks its `PeriodCalendar`.
    case custom

    /// Length in months (0 for custom: the calendar knows it).
    public var months: Int {
        switch self {
        case .month: 1
        case .quarter: 3
        case .fiscalYear: 12
        case .custom: 0
        }
    }

    /// `n` with leading zeros to `width` digits, as `%0*d` (without `String(format:)`, whose formatter was a
    /// visible part of replaying receipts in `verify`).
    static func pad(_ n: Int, _ width: Int) -> String {
        guard n >= 0 else { return String(format: "%0\(width)d", n) }
        let digits = String(n)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    /// `YYYY-MM-01` of month `month` (1–24: 13–24 are the months of the next year) of `year`.
    static func firstOfMonth(_ year: Int, _ month: Int) -> String {
        let (y, m) = month > 12 ? (year + 1, month - 12) : (year, month)
        return pad(y, 4) + "-" + pad(m, 2) + "-01"
    }

    /// The period containing `date` (`YYYY-MM-DD`).
    /// ```
    /// PeriodKind.quarter.period(containing: "2024-05-10")   // "FY2024-Q1"
    /// ```
    public func period(containing date: String) throws(LedgerError) -> String {
        let day = try CalendarDate(date)
        let year = day.year, month = day.month
        let fiscalYear = month >= 4 ? year : year - 1
        switch self {
        // A valid date's first seven characters are its month, "YYYY-MM" (four year digits, as `pad` writes them).
        case .month: return String(decoding: date.utf8.prefix(7), as: UTF8.self)
        case .quarter: return "FY\(fiscalYear)-Q\((month + 8) % 12 / 3 + 1)"
        case .fiscalYear: return "FY\(fiscalYear)"
        case .custom: throw .invalidPeriod(period: date, expected: example)
        }
    }

    /// The period after `period` (same kind).
    public func next(after period: String) throws(LedgerError) -> String {
        try self.period(containing: firstDay(after: period))
    }

    /// The first day of the period following `period`.
    func firstDay(after period: String) throws(LedgerError) -> String {
        let bad = LedgerError.invalidPeriod(period: period, expected: example)
        switch self {
        case .month:
            let p = period.split(separator: "-")
            guard p.count == 2, let y = Int(p[0]), let m = Int(p[1]), (1...12).contains(m) else { throw bad }
            return Self.firstOfMonth(y, m + 1)
        case .quarter:
            let p = period.dropFirst(2).split(separator: "-")
            guard period.hasPrefix("FY"), p.count == 2, let y = Int(p[0]), p[1].hasPrefix("Q"), let q = Int(p[1].dropFirst()), (1...4).contains(q) else { throw bad }
            let startMonth = 4 + 3 * q // month after the quarter, counted from April
            return Self.firstOfMonth(y, startMonth)
        case .fiscalYear:
            guard period.hasPrefix("FY"), let y = Int(period.dropFirst(2)) else { throw bad }
            return Self.firstOfMonth(y + 1, 4)
        case .custom: throw bad
        }
    }

    /// The first day of `period`.
    public func firstDay(of period: String) throws(LedgerError) -> String {
        let bad = LedgerError.invalidPeriod(period: period, expected: example)
        switch self {
        case .month:
            _ = try firstDay(after: period)
            return period + "-01"
        case .quarter:
            let p = period.dropFirst(2).split(separator: "-")
            guard period.hasPrefix("FY"), p.count == 2, let y = Int(p[0]), let q = Int(p[1].dropFirst()), (1...4).contains(q) else { throw bad }
            let month = 4 + 3 * (q - 1)
            return Self.firstOfMonth(y, month)
        case .fiscalYear:
            guard period.hasPrefix("FY"), let y = Int(period.dropFirst(2)) else { throw bad }
            return Self.firstOfMonth(y, 4)
        case .custom:
            // A custom id states its own first and last day (`FIRST..LAST`); whether it is one of the ledger's
            // periods only the ledger's `PeriodCalendar` can tell.
            let parts = period.components(separatedBy: "..")
            guard parts.count == 2, let first = try? CalendarDate(parts[0]), let last = try? CalendarDate(parts[1]), first <= last else { throw bad }
            return first.description
        }
    }

    /// Whether `period` is a well-formed period id of this kind.
    /// Only the canonical spelling is accepted (`2024-04`, not `2024-4` or `+024-04`): the period must be the one its
    /// own first day falls in.
    public func validate(_ period: String) throws(LedgerError) {
        _ = try firstDay(after: period)
        let first = try firstDay(of: period)
        guard (try? self.period(containing: first)) == period else { throw .invalidPeriod(period: period, expected: example) }
    }

    /// Whether period `a` starts before period `b` (both of this kind).
    public func precedes(_ a: String, _ b: String) throws(LedgerError) -> Bool {
        try firstDay(of: a) < firstDay(of: b)
    }

    var example: String {
        switch self {
        case .month: "YYYY-MM such as 2024-04"
        case .quarter: "FYyyyy-Qn such as FY2024-Q1 (April–June 2024)"
        case .fiscalYear: "FYyyyy such as FY2024 (April 2024–March 2025)"
        case .custom: "FIRST..LAST such as 2024-07-15..2024-10-14 (the ledger's custom periods)"
        }
    }
}

/// What happens to unclaimed credits when a period closes.
public enum CarryOverRule: String, Vocabulary {
    /// Unclaimed credits move into the next period (ISO 22095 / ISCC PLUS carry-over).
    case carry
    /// Unclaimed credits expire.
    case expire
}
