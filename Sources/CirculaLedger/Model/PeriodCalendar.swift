/// Balancing periods of a custom length from an explicit start: `months` months from `start`, again and again.
///
/// A period's id names its first and last day, `2024-07-15..2024-10-14`, so the close event states the period's
/// explicit start and end (ISCC 203: "start and end date of each mass balance period must be clearly documented").
/// The start day is at most the 28th, so every period starts on the same day of the month.
public struct CustomPeriods: Codable, Sendable, Equatable {
    /// The first day of the first period, `YYYY-MM-DD`.
    public var start: String
    /// Length of every period in months.
    public var months: Int
    public init(start: String, months: Int) { self.start = start; self.months = months }
}

/// How the ledger cuts time: a named period kind (month, quarter, fiscal year) or custom periods. Every rule asks
/// the calendar, never the kind, so a custom-period ledger follows the same rules.
public struct PeriodCalendar: Sendable, Equatable {
    public var kind: PeriodKind
    public var custom: CustomPeriods?

    public init(kind: PeriodKind, custom: CustomPeriods? = nil) { self.kind = kind; self.custom = custom }

    /// Length in months.
    public var months: Int { kind == .custom ? custom?.months ?? 0 : kind.months }

    /// The custom periods, or the error a custom ledger without them gets.
    private func spec() throws(LedgerError) -> (start: CalendarDate, months: Int) {
        guard let custom else { throw .invalidPeriod(period: "custom", expected: "custom periods with a start date and a length in months") }
        let start = try CalendarDate(custom.start)
        guard start.day <= 28, custom.months >= 1 else {
            throw .invalidPeriod(period: custom.start, expected: "a start day from the 1st to the 28th and a length of at least 1 month")
        }
        return (start, custom.months)
    }

    /// The period containing `date`.
    public func period(containing date: String) throws(LedgerError) -> String {
        guard kind == .custom else { return try kind.period(containing: date) }
        let (start, months) = try spec()
        let day = try CalendarDate(date)
        guard day >= start else { throw .invalidDate(date: date, reason: "before the ledger's first period, which starts \(start)") }
        var elapsed = (day.year - start.year) * 12 + (day.month - start.month)
        if day.day < start.day { elapsed -= 1 }
        let index = elapsed / months
        return PeriodCalendar.id(start.adding(months: index * months), start.adding(months: (index + 1) * months).adding(days: -1))
    }

    static func id(_ first: CalendarDate, _ last: CalendarDate) -> String { "\(first)..\(last)" }

    /// The first day of `period`.
    public func firstDay(of period: String) throws(LedgerError) -> String {
        guard kind == .custom else { return try kind.firstDay(of: period) }
        try validate(period)
        return String(period.prefix(10))
    }

    /// The period after `period`.
    public func next(after period: String) throws(LedgerError) -> String {
        guard kind == .custom else { return try kind.next(after: period) }
        try validate(period)
        let last = try CalendarDate(String(period.suffix(10)))
        return try self.period(containing: last.adding(days: 1).description)
    }

    /// Only the canonical id of a real period is accepted.
    public func validate(_ period: String) throws(LedgerError) {
        guard kind == .custom else { return try kind.validate(period) }
        let bad = LedgerError.invalidPeriod(period: period, expected: example)
        let parts = period.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[1].isEmpty, (try? self.period(containing: String(parts[0]))) == period else { throw bad }
    }

    /// Whether period `a` starts before period `b`.
    public func precedes(_ a: String, _ b: String) throws(LedgerError) -> Bool {
        try firstDay(of: a) < firstDay(of: b)
    }

    public var example: String {
        guard kind == .custom, let custom, let start = try? CalendarDate(custom.start) else { return kind.example }
        return "FIRST..LAST such as \(PeriodCalendar.id(start, start.adding(months: custom.months).adding(days: -1)))"
    }
}

extension Setup {
    /// The ledger's calendar of balancing periods.
    public var calendar: PeriodCalendar { PeriodCalendar(kind: periodKind, custom: customPeriods) }
}

extension CalendarDate {
    /// The same day `months` months later (the day must exist in every month: at most the 28th).
    func adding(months: Int) -> CalendarDate {
        let total = (year * 12 + (month - 1)) + months
        return CalendarDate(year: total / 12, month: total % 12 + 1, day: day)
    }

    /// The date `days` days later (Howard Hinnant's civil_from_days, the inverse of `dayNumber`).
    func adding(days: Int) -> CalendarDate {
        let z = dayNumber + days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return CalendarDate(year: yoe + era * 400 + (m <= 2 ? 1 : 0), month: m, day: d)
    }
}
