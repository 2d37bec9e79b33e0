import CirculaCore

/// Reads an element option (`--element Cu`, `--elements Cu,Au`): exactly a symbol, the ledger's spelling; a text
/// that is not one is refused with the nearest symbols (`cu` → "Did you mean Cu?").
func elementSymbol(_ text: String) throws -> Element {
    try PeriodicTable.standard.element(symbol: text)
}
