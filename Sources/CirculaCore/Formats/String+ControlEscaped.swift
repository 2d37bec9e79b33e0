extension String {
    /// The text for messages and terminals: control, format, separator, private-use and unassigned characters shown
    /// as `\u{…}`, so a value from a file or an option cannot move the cursor, recolour a terminal or hide text
    /// (U+202E). The one implementation behind `Identifier.escaped` and the CLI's `terminalSafe`.
    public var controlEscaped: String {
        var out = ""
        for scalar in unicodeScalars {
            switch scalar.properties.generalCategory {
            case .control, .format, .lineSeparator, .paragraphSeparator, .surrogate, .privateUse, .unassigned:
                out += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
