import CirculaCore

/// Text from the ledger (ids, names, reasons) is hostile input on the way out too.
extension String {
    /// Control, format and separator characters shown as `\u{…}`: an id cannot move the cursor, recolour the
    /// terminal, or reorder text (U+202E) in a table.
    var terminalSafe: String { controlEscaped }

    /// A CSV cell a spreadsheet will not run: cells starting with `=`, `+`, `-`, `@`, tab or CR (OWASP CSV
    /// injection) get a leading `'`, unless the cell is a plain number such as `-5` or `+0.5` or a lone `-`
    /// (the "no value" mark). Then CSV-escaped.
    var csvInert: String {
        guard count > 1, let first = first, "=+-@\t\r".contains(first), Double(self) == nil else { return csvEscaped }
        return ("'" + self).csvEscaped
    }
}
